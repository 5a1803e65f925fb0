namespace ManifestGuard.Findings;

/// <summary>
/// One accepted finding: matched by rule, file and fingerprint (never by line, so edits that move it
/// keep it known). The message is there for the people who review the file.
/// </summary>
internal sealed record BaselineEntry(string RuleId, string File, string Fingerprint, string? Message);
