using Xunit;

namespace ManifestGuard.Tests.Registry;

/// <summary>One pair of real registries serves every test in this collection.</summary>
[CollectionDefinition(Name)]
public sealed class RegistryGroup : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
