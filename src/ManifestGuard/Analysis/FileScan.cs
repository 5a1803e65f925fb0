using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Policies;
using ManifestGuard.Rendering;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;

namespace ManifestGuard.Analysis;

/// <summary>The part of a scan that needs only one source: parse, extract, and the checks of single references.</summary>
/// <param name="Rendered">For a render, its provenance: where each image and document came from.</param>
internal sealed record FileScan(
    SourceText Source,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<ScannedImage> Images,
    IReadOnlyList<PolicyDocument> PolicyDocuments,
    YamlParseException? ParseError,
    RenderedSource? Rendered = null);
