using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>
/// The merged registries.d configuration of one node (docker/registries_d.go): `default-docker` and `docker`
/// namespaces from every file; a namespace or `default-docker` defined in two files is an error, as it is there.
/// </summary>
internal sealed class RegistriesDirectory
{
    private readonly Dictionary<string, (SignatureStorage Storage, PolicyOrigin Origin)> _docker = new(StringComparer.Ordinal);
    private (SignatureStorage Storage, PolicyOrigin Origin)? _default;

    public bool IsEmpty => _docker.Count == 0 && _default is null;

    /// <summary>Adds one file; returns false when it is not YAML (the caller decides whether that is fatal).</summary>
    public bool TryAdd(string text, PolicyOrigin origin, ICollection<PolicyProblem> problems, out YamlParseException? syntaxError)
    {
        var parsed = YamlDocumentParser.Parse(text);
        syntaxError = parsed.Error;
        if (syntaxError is not null)
        {
            return false;
        }
        // containers/image reads the file with a lenient YAML decoder: unknown keys are ignored.
        if (parsed.Documents.Count == 0 || parsed.Documents[0] is not YamlMapping root)
        {
            return true;
        }
        if (root["default-docker"] is YamlMapping defaultDocker)
        {
            if (_default is { } existing)
            {
                problems.Add(origin.Problem(RuleIds.InvalidImagePolicy, $"\"default-docker\" is also defined in {existing.Origin.Name}: containers/image refuses the signature storage configuration, so every image pull fails", root.KeyNode("default-docker")!.Span));
            }
            else
            {
                _default = (Read(defaultDocker), origin);
            }
        }
        if (root["docker"] is YamlMapping docker)
        {
            foreach (var entry in docker.Entries)
            {
                if (entry.Key is not YamlScalar scope || entry.Value is not YamlMapping value)
                {
                    continue;
                }
                if (_docker.TryGetValue(scope.Value, out var existing))
                {
                    problems.Add(origin.Problem(RuleIds.InvalidImagePolicy, $"\"docker\" namespace \"{scope.Value}\" is also defined in {existing.Origin.Name}: containers/image refuses the signature storage configuration, so every image pull fails", scope.Span));
                    continue;
                }
                _docker[scope.Value] = (Read(value), origin);
            }
        }
        return true;
    }

    private static SignatureStorage Read(YamlMapping entry)
    {
        // `sigstore` is the older name of `lookaside`; either tells where detached signatures live. An empty
        // `lookaside` is unset, as for containers/image, so a `sigstore` beside it is still read.
        var lookaside = new[] { entry.ScalarAt("lookaside"), entry.ScalarAt("sigstore") }
            .FirstOrDefault(url => !string.IsNullOrEmpty(url));
        bool? attachments = entry["use-sigstore-attachments"] is YamlScalar flag ? PolicyYaml.IsTrue(flag) : null;
        return new SignatureStorage(lookaside, attachments);
    }

    /// <summary>Whether detached (GPG, `signedBy`) signatures have a lookaside location for images in the scope.</summary>
    public bool HasLookaside(string scope) =>
        Lookup(scope).Any(s => s.Lookaside is not null);

    /// <summary>
    /// Where simple-signing signatures of the image pulled as <paramref name="identity"/> (name:tag or name@digest)
    /// are read: the first entry with a lookaside among the identity, its namespaces and `default-docker`; null
    /// when none has one (containers/image then reads its built-in local default).
    /// </summary>
    public string? LookasideFor(string identity) => Lookup(identity).FirstOrDefault(s => s.Lookaside is not null)?.Lookaside;

    /// <summary>Whether sigstore signatures are read from registry attachments for the scope (the first setting found wins).</summary>
    public bool UsesSigstoreAttachments(string scope) =>
        Lookup(scope).FirstOrDefault(s => s.UseSigstoreAttachments is not null)?.UseSigstoreAttachments ?? false;

    /// <summary>Entries in lookup order: the scope, its parent namespaces and wildcards, then `default-docker`.</summary>
    private IEnumerable<SignatureStorage> Lookup(string scope)
    {
        if (scope.Length > 0)
        {
            if (_docker.TryGetValue(scope, out var exact))
            {
                yield return exact.Storage;
            }
            foreach (var name in DockerScopeLookup.Namespaces(RepositoryPart(scope)))
            {
                if (name != scope && _docker.TryGetValue(name, out var found))
                {
                    yield return found.Storage;
                }
            }
        }
        if (_default is { } fallback)
        {
            yield return fallback.Storage;
        }
    }

    /// <summary>The scope without its tag or digest; a wildcard scope is its own namespace.</summary>
    private static string RepositoryPart(string scope)
    {
        if (scope.StartsWith("*.", StringComparison.Ordinal))
        {
            return scope;
        }
        var at = scope.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return scope[..at];
        }
        var colon = scope.LastIndexOf(':');
        return colon > scope.LastIndexOf('/') && scope.Contains('/', StringComparison.Ordinal) ? scope[..colon] : scope;
    }
}
