namespace ManifestGuard.Pinning;

/// <summary>
/// What a pin run would do: the files to rewrite, or the references that failed (then nothing is
/// written), and the files left out because they do not parse (`file:line:col: why`, one line each).
/// </summary>
internal sealed record PinPlan(IReadOnlyList<PinnedFile> Files, IReadOnlyList<PinFailure> Failures)
{
    public int Pinned => Files.Sum(f => f.Pinned);

    public IReadOnlyList<string> Unparsable { get; init; } = [];
}
