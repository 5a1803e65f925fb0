using System.Diagnostics.CodeAnalysis;

namespace ManifestGuard.References;

/// <summary>
/// A registry pattern of the native configuration, read like a reference: `host[:port][/path]` when the
/// first component has a `.` or `:` or is `localhost`, otherwise a Docker Hub path; `*.example.com`
/// for every subdomain (not the domain itself). Host names and path components match whole: a prefix
/// `corp.io` does not admit `corp.io.evil.com`, and `team` does not admit `teamevil/app`.
/// </summary>
internal sealed record RegistryPattern
{
    private RegistryPattern(string text, string host, string? port, bool wildcardHost, string path, string? hubShortName)
    {
        Text = text;
        Host = host;
        Port = port;
        WildcardHost = wildcardHost;
        Path = path;
        HubShortName = hubShortName;
    }

    /// <summary>The pattern as written in the configuration.</summary>
    public string Text { get; }

    /// <summary>The host, lowercase; for a wildcard, the domain after `*.`.</summary>
    public string Host { get; }

    public string? Port { get; }

    public bool WildcardHost { get; }

    /// <summary>The repository path prefix, empty for a whole registry.</summary>
    public string Path { get; }

    /// <summary>
    /// For a one-component Hub pattern such as `nginx` or `bitnami`: the name, which matches both the
    /// official image `docker.io/library/nginx` and the namespace `docker.io/bitnami/...`.
    /// </summary>
    public string? HubShortName { get; }

    public override string ToString() => Text;

    public static bool TryParse(string text, [NotNullWhen(true)] out RegistryPattern? pattern, [NotNullWhen(false)] out string? error)
    {
        pattern = null;
        error = null;
        var trimmed = text.Trim().TrimEnd('/');
        if (trimmed.Length == 0)
        {
            error = "empty registry pattern";
            return false;
        }
        if (trimmed.EndsWith("/*", StringComparison.Ordinal))
        {
            // `registry.io/team/*` is how Kyverno and Gatekeeper users write "everything under": same meaning here.
            trimmed = trimmed[..^2];
        }

        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? trimmed : trimmed[..slash];
        var rest = slash < 0 ? "" : trimmed[(slash + 1)..];
        var wildcard = first.StartsWith("*.", StringComparison.Ordinal);
        var isHost = wildcard || first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
        if (!isHost)
        {
            // A Docker Hub path: `nginx`, `bitnami/redis`.
            if (!TryCheckPath(trimmed, out error))
            {
                return false;
            }
            var shortName = trimmed.Contains('/', StringComparison.Ordinal) ? null : trimmed;
            pattern = new RegistryPattern(text, ImageReference.DockerHub, null, false, trimmed, shortName);
            return true;
        }

        var domain = wildcard ? first[2..] : first;
        if (!ImageReference.IsValidDomain(domain))
        {
            error = $"invalid registry host \"{first}\"";
            return false;
        }
        var (host, port) = ImageReference.SplitHostPort(domain.ToLowerInvariant());
        if (host == "index.docker.io")
        {
            host = ImageReference.DockerHub;
        }
        if (rest.Length > 0 && !TryCheckPath(rest, out error))
        {
            return false;
        }
        pattern = new RegistryPattern(text, host, port, wildcard, rest, null);
        return true;
    }

    public bool Matches(ImageReference reference)
    {
        var (host, port) = ImageReference.SplitHostPort(reference.Registry.ToLowerInvariant());
        if (WildcardHost)
        {
            // As OpenShift reads `*.example.com`: any subdomain, whatever the port.
            if (!host.EndsWith("." + Host, StringComparison.Ordinal))
            {
                return false;
            }
        }
        else if (host != Host || port != Port)
        {
            return false;
        }

        if (HubShortName is not null)
        {
            return reference.Repository == "library/" + HubShortName || IsUnder(reference.Repository, HubShortName);
        }
        return Path.Length == 0 || IsUnder(reference.Repository, Path);
    }

    /// <summary>True when the repository is the path or below it at a `/` boundary.</summary>
    private static bool IsUnder(string repository, string path) =>
        repository.Length == path.Length ? repository == path
        : repository.Length > path.Length && repository[path.Length] == '/' && repository.StartsWith(path, StringComparison.Ordinal);

    private static bool TryCheckPath(string path, [NotNullWhen(false)] out string? error)
    {
        var probe = "example.invalid/" + path;
        if (ImageReference.TryParse(probe, out var parsed, out error) && parsed.Tag is null && parsed.Digest is null)
        {
            return true;
        }
        error = $"invalid repository path \"{path}\"" + (error is null ? "" : ": " + error);
        return false;
    }
}
