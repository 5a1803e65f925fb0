using Xunit;

namespace ManifestGuard.Tests.Hardening;

/// <summary>
/// Hardening tests measure time and allocations: they run alone, after the parallel tests, so other
/// tests neither slow them down nor count towards their allocations.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HardeningGroup
{
    public const string Name = "hardening";
}
