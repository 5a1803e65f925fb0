using System.Text;
using System.Text.Json;

namespace ManifestGuard.Registry;

/// <summary>
/// A Docker `config.json` or containers `auth.json` (the same format): `auths` entries keyed by registry
/// (or, in auth.json, registry/repository), a global `credsStore`, per-registry `credHelpers`.
/// </summary>
internal sealed record AuthFile(
    string Path,
    IReadOnlyDictionary<string, RegistryCredential> Auths,
    string? CredsStore,
    IReadOnlyDictionary<string, string> CredHelpers)
{
    /// <summary>Reads a file; null when it does not exist. A malformed file is an error the user must fix, not a silent anonymous run.</summary>
    public static AuthFile? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return Parse(path, File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            // Only the position: the parser's message may quote a character of a secret.
            throw new RegistryCredentialException($"{path}: not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RegistryCredentialException($"{path}: cannot be read ({e.Message})", e);
        }
    }

    public static AuthFile Parse(string path, ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        var auths = new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase);
        var helpers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? credsStore = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RegistryCredentialException($"{path}: expected a JSON object");
        }
        if (root.TryGetProperty("auths", out var authsElement) && authsElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in authsElement.EnumerateObject())
            {
                if (ReadEntry(path, entry) is { } credential)
                {
                    auths[entry.Name] = credential;
                }
            }
        }
        if (root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } name)
        {
            credsStore = name;
        }
        if (root.TryGetProperty("credHelpers", out var helpersElement) && helpersElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in helpersElement.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String && entry.Value.GetString() is { Length: > 0 } helper)
                {
                    helpers[entry.Name] = helper;
                }
            }
        }
        return new AuthFile(path, auths, credsStore, helpers);
    }

    /// <summary>`identitytoken` wins over `auth` (base64 user:password) and `username`/`password`, as in Docker.</summary>
    private static RegistryCredential? ReadEntry(string path, JsonProperty entry)
    {
        if (entry.Value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        string? Read(string name) =>
            entry.Value.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        if (Read("identitytoken") is { Length: > 0 } identityToken)
        {
            return new RegistryCredential(RegistryCredential.IdentityTokenUsername, identityToken);
        }
        if (Read("auth") is { Length: > 0 } auth)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                throw new RegistryCredentialException($"{path}: the \"auth\" value for {entry.Name} is not base64");
            }
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new RegistryCredentialException($"{path}: the \"auth\" value for {entry.Name} is not base64 of user:password");
            }
            return new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]);
        }
        if (Read("username") is { Length: > 0 } username && Read("password") is { } password)
        {
            return new RegistryCredential(username, password);
        }
        return null;
    }

    public override string ToString() => $"{nameof(AuthFile)} {{ Path = {Path}, Registries = {Auths.Count}, CredsStore = {CredsStore} }}";
}
