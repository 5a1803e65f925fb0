namespace ManifestGuard.Registry;

/// <summary>
/// What the user's credential stores hold for a registry: a username and password, or an identity token
/// (Docker's username `&lt;token&gt;`) to trade for access tokens. ToString never shows the secret.
/// </summary>
internal sealed record RegistryCredential(string Username, string Secret)
{
    /// <summary>Docker's marker that the secret is a refresh token rather than a password.</summary>
    public const string IdentityTokenUsername = "<token>";

    public bool IsIdentityToken => Username == IdentityTokenUsername;

    public override string ToString() => $"{nameof(RegistryCredential)} {{ Username = {Username}, Secret = *** }}";
}
