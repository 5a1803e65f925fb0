namespace ManifestGuard.Pinning;

/// <summary>A reference pin could not resolve: where it is written and why.</summary>
internal sealed record PinFailure(string Location, string Reference, string Message);
