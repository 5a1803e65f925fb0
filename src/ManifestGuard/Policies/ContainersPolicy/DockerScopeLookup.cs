using ManifestGuard.References;

namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>
/// The order in which containers/image looks up `transports.docker` scopes for an image (policy_eval.go
/// requirementsForImageRef with docker/policyconfiguration/naming.go): the exact reference with its tag or digest,
/// the repository, each shorter namespace down to host[:port], then `*.` wildcards of the host (port stripped)
/// from the most specific; after these the transport default `""`, then the global `default`.
/// registries.d and the OpenShift sigstore policies look scopes up in the same order.
/// </summary>
internal static class DockerScopeLookup
{
    /// <summary>The identity an image is pulled as: name:tag, or name@digest (CRI-O drops the tag of `name:tag@digest`), `latest` when neither is written.</summary>
    public static string Identity(ImageReference reference) =>
        reference.Digest is not null ? reference.Name + "@" + reference.Digest : reference.Name + ":" + (reference.Tag ?? "latest");

    /// <summary>Every scope that can match the image, most specific first, without `""` and `default`.</summary>
    public static IEnumerable<string> Candidates(ImageReference reference)
    {
        yield return Identity(reference);
        foreach (var scope in Namespaces(reference.Name))
        {
            yield return scope;
        }
    }

    /// <summary>A repository or namespace and its parents down to host[:port], then the host's wildcards.</summary>
    public static IEnumerable<string> Namespaces(string name)
    {
        var current = name;
        while (true)
        {
            yield return current;
            var lastSlash = current.LastIndexOf('/');
            if (lastSlash < 0)
            {
                break;
            }
            current = current[..lastSlash];
        }

        var colon = current.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            current = current[..colon];
        }
        while (true)
        {
            var firstDot = current.IndexOf('.', StringComparison.Ordinal);
            if (firstDot < 0)
            {
                break;
            }
            current = current[(firstDot + 1)..];
            yield return "*." + current;
        }
    }

    /// <summary>The most specific scope of the table that matches the image, or null when only defaults apply.</summary>
    public static string? MostSpecific(ImageReference reference, Func<string, bool> isScope) =>
        Candidates(reference).FirstOrDefault(isScope);
}
