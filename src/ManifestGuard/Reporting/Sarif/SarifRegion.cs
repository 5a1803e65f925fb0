namespace ManifestGuard.Reporting.Sarif;

/// <summary>1-based lines and columns, end column exclusive: the same convention as our source spans.</summary>
internal sealed record SarifRegion(int StartLine, int StartColumn, int EndLine, int EndColumn);
