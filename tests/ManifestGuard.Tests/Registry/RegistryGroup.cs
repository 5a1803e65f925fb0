using Xunit;

namespace ManifestGuard.Tests.Registry;

/// <summary>
/// One pair of real registries serves every test in this collection. Tests in one collection run one after
/// another, so a class that runs for long on its own gets a collection (and registries) of its own and runs
/// beside these: Hardening/PinCrashSafetyGroup, Policies/ContainersPolicy/SkopeoPolicyGroup.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RegistryGroup : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
