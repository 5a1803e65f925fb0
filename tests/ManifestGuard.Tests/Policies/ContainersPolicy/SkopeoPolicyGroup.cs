using ManifestGuard.Tests.Registry;
using Xunit;

namespace ManifestGuard.Tests.Policies.ContainersPolicy;

/// <summary>
/// policy.json verdicts compared with skopeo's (one `skopeo copy` per case) with registries of their own, so
/// they run beside the <see cref="RegistryGroup"/> tests rather than after them; they only read from them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SkopeoPolicyGroup : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry: skopeo policy differential";
}
