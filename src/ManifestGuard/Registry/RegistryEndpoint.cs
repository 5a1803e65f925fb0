using System.Net;
using ManifestGuard.References;

namespace ManifestGuard.Registry;

/// <summary>Where a registry's API lives: its base URL, chosen by override, Docker Hub's API host, and the plain-HTTP rule.</summary>
internal sealed record RegistryEndpoint(string Registry, Uri BaseUri)
{
    /// <summary>Docker Hub's names live at `docker.io`, its API at this host.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    /// <summary>The endpoint for a normalized registry name, or an error when the configuration would send plain HTTP where it may not go.</summary>
    public static RegistryEndpoint For(string registry, RegistryClientOptions options, out string? error)
    {
        error = null;
        if (options.EndpointOverrides.TryGetValue(registry, out var overridden))
        {
            var baseUri = new Uri(overridden.GetLeftPart(UriPartial.Authority) + "/");
            if (baseUri.Scheme == Uri.UriSchemeHttp && !AllowsPlainHttp(baseUri.Authority, options) && !AllowsPlainHttp(registry, options))
            {
                error = $"refusing plain HTTP to {baseUri.Authority} for {registry}: only loopback registries and those listed under registries.insecure may use it";
            }
            return new RegistryEndpoint(registry, baseUri);
        }
        var host = registry == ImageReference.DockerHub ? DockerHubApiHost : registry;
        var scheme = AllowsPlainHttp(host, options) ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
        return new RegistryEndpoint(registry, new Uri($"{scheme}://{host}/"));
    }

    /// <summary>Docker's rule: loopback (`localhost`, 127.0.0.0/8, ::1) is trusted on plain HTTP, and so is what the user lists.</summary>
    public static bool AllowsPlainHttp(string hostAndPort, RegistryClientOptions options)
    {
        if (options.InsecureRegistries.Contains(hostAndPort))
        {
            return true;
        }
        var (host, _) = ImageReference.SplitHostPort(hostAndPort);
        if (options.InsecureRegistries.Contains(host))
        {
            return true;
        }
        return IsLoopback(host);
    }

    public static bool IsLoopback(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>`/v2/NAME/manifests/REF` below the base URL.</summary>
    public Uri ManifestUri(string repository, string reference) => new(BaseUri, $"v2/{repository}/manifests/{reference}");

    /// <summary>`/v2/NAME/blobs/DIGEST` below the base URL.</summary>
    public Uri BlobUri(string repository, string digest) => new(BaseUri, $"v2/{repository}/blobs/{digest}");
}
