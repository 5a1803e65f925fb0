namespace ManifestGuard.Pinning;

/// <summary>What a pin run would do: the files to rewrite, or the references that failed (then nothing is written).</summary>
internal sealed record PinPlan(IReadOnlyList<PinnedFile> Files, IReadOnlyList<PinFailure> Failures)
{
    public int Pinned => Files.Sum(f => f.Pinned);
}
