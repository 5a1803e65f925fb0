namespace ManifestGuard.Yaml;

/// <summary>
/// Where a node sits in its file: 1-based lines and columns (end column exclusive, as SARIF counts),
/// and 0-based character offsets into the decoded text, which the pinning rewriter splices at.
/// </summary>
internal readonly record struct SourceSpan(int StartLine, int StartColumn, int EndLine, int EndColumn, int StartOffset, int EndOffset)
{
    public static SourceSpan At(int line, int column) => new(line, column, line, column + 1, -1, -1);

    public int Length => EndOffset - StartOffset;

    public override string ToString() => $"{StartLine}:{StartColumn}";
}
