using ManifestGuard.Tests.Registry;
using Xunit;

namespace ManifestGuard.Tests.Hardening;

/// <summary>
/// The SIGKILL test of `pin` (thirty runs of the real binary) with registries of its own, so it runs beside
/// the <see cref="RegistryGroup"/> tests rather than after them; it only reads from them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PinCrashSafetyGroup : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry: pin crash safety";
}
