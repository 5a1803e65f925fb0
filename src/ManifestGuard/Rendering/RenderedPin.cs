using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Rendering;

/// <summary>A rendered image `pin` resolves, and the place (where its MG101 points) the digest goes.</summary>
internal sealed record RenderedPin(
    string FullPath, string DisplayPath, SourceSpan Span, ImageReference Reference, string Origin);
