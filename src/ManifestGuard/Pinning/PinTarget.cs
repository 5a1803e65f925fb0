using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Pinning;

/// <summary>One place pin will write a digest: the reference to resolve, and how to make the edit once resolved.</summary>
/// <param name="Span">Where the reference is written, for messages (`file:line:col`).</param>
internal sealed record PinTarget(string File, SourceSpan Span, ImageReference Reference, Func<string, PinEdit> EditFor);
