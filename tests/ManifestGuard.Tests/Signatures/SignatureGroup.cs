using Xunit;

namespace ManifestGuard.Tests.Signatures;

/// <summary>Tests that share the signed registry (they need docker-registry, skopeo and gpg).</summary>
[CollectionDefinition(Name)]
public sealed class SignatureGroup : ICollectionFixture<SigningFixture>
{
    public const string Name = "signatures";
}
