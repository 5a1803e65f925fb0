namespace ManifestGuard.Findings;

internal static class FindingLevels
{
    public static string Name(this FindingLevel level) => level switch
    {
        FindingLevel.Error => "error",
        FindingLevel.Warning => "warning",
        FindingLevel.Note => "note",
        _ => "none",
    };

    public static bool TryParse(string text, out FindingLevel level)
    {
        switch (text)
        {
            case "error": level = FindingLevel.Error; return true;
            case "warning": level = FindingLevel.Warning; return true;
            case "note": level = FindingLevel.Note; return true;
            case "off" or "none": level = FindingLevel.Off; return true;
            default: level = FindingLevel.Off; return false;
        }
    }
}
