namespace ManifestGuard.Signatures.Lookaside;

/// <summary>The signatures stored for one manifest digest at a lookaside, or why they could not be read.</summary>
/// <param name="Location">The folder or URL prefix read, for messages.</param>
internal sealed record LookasideSignatures(IReadOnlyList<byte[]> Signatures, string Location, string? Error);
