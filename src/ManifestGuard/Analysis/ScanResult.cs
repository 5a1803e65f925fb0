using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Workloads;

namespace ManifestGuard.Analysis;

/// <summary>What a scan found, in report order.</summary>
/// <param name="Sources">The files that have findings, by display path: the lines text reports quote.</param>
internal sealed record ScanResult(
    string RootDirectory,
    int FilesScanned,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<ScannedImage> Images,
    IReadOnlyDictionary<string, SourceText> Sources)
{
    /// <summary>The policy objects of the scan and of the rest of the repository: online checks verify under them.</summary>
    public IReadOnlyList<Policies.PolicyDocument> PolicyDocuments { get; init; } = [];
}
