namespace ManifestGuard.Findings;

/// <summary>The order findings are reported in, whatever order files were read in.</summary>
internal sealed class FindingOrder : IComparer<Finding>
{
    public static readonly FindingOrder Instance = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }
        var c = string.CompareOrdinal(x.File, y.File);
        if (c == 0) { c = x.Span.StartLine.CompareTo(y.Span.StartLine); }
        if (c == 0) { c = x.Span.StartColumn.CompareTo(y.Span.StartColumn); }
        if (c == 0) { c = string.CompareOrdinal(x.RuleId, y.RuleId); }
        if (c == 0) { c = string.CompareOrdinal(x.Message, y.Message); }
        return c;
    }
}
