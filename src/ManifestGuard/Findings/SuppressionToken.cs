namespace ManifestGuard.Findings;

/// <summary>A word of a suppression as written, and where it starts in the text it was read from (0-based).</summary>
internal readonly record struct SuppressionToken(string Text, int Offset);
