using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Policies;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;

namespace ManifestGuard.Analysis;

/// <summary>The part of a scan that needs only one file: parse, extract, and the checks of single references.</summary>
internal sealed record FileScan(SourceText Source, IReadOnlyList<Finding> Findings, IReadOnlyList<ScannedImage> Images, IReadOnlyList<PolicyDocument> PolicyDocuments, YamlParseException? ParseError);
