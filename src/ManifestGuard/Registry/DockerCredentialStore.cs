using System.Collections.Concurrent;
using ManifestGuard.References;

namespace ManifestGuard.Registry;

/// <summary>
/// Credentials from where users already keep them, in the order containers/image reads them: the
/// containers `auth.json` (REGISTRY_AUTH_FILE, else XDG_RUNTIME_DIR, else ~/.config), then the Docker
/// config (DOCKER_CONFIG, else ~/.docker). In each file `credHelpers` for the registry wins over
/// `credsStore`, which wins over `auths`.
/// </summary>
internal sealed class DockerCredentialStore : IRegistryCredentialSource
{
    /// <summary>The key Docker files Hub credentials under, and the server address its helpers are asked for.</summary>
    public const string DockerHubServerAddress = "https://index.docker.io/v1/";

    private readonly RegistryEnvironment _environment;
    private readonly CredentialHelper _helper;
    private readonly Lazy<IReadOnlyList<AuthFile>> _files;

    // A helper may prompt or call a cloud API: ask it once per server in a run.
    private readonly ConcurrentDictionary<(string Executable, string Server), Lazy<Task<RegistryCredential?>>> _helperAnswers = new();

    public DockerCredentialStore(RegistryEnvironment environment)
    {
        _environment = environment;
        _helper = new CredentialHelper(environment);
        _files = new Lazy<IReadOnlyList<AuthFile>>(() => ReadFiles());
    }

    /// <summary>The files this store reads, in order; for messages such as "no credentials in …".</summary>
    public IReadOnlyList<string> FilePaths => ContainersAuthPaths().Take(1).Concat([DockerConfigPath()]).ToList();

    public async Task<RegistryCredential?> FindAsync(string registry, string repository, CancellationToken cancellationToken)
    {
        foreach (var file in _files.Value)
        {
            var credential = await FindInAsync(file, registry, repository, cancellationToken).ConfigureAwait(false);
            if (credential is not null)
            {
                return credential;
            }
        }
        return null;
    }

    private async Task<RegistryCredential?> FindInAsync(AuthFile file, string registry, string repository, CancellationToken cancellationToken)
    {
        var server = registry == ImageReference.DockerHub ? DockerHubServerAddress : registry;
        if (BestKey(file.CredHelpers.Keys, registry, repository) is { } helperKey)
        {
            var name = file.CredHelpers[helperKey];
            var executable = _helper.Locate(name)
                ?? throw new RegistryCredentialException($"{file.Path} names credential helper docker-credential-{name} for {registry}, but it is not on PATH");
            var credential = await AskAsync(executable, server, cancellationToken).ConfigureAwait(false);
            if (credential is not null)
            {
                return credential;
            }
        }
        else if (file.CredsStore is { } store)
        {
            // A global store that is not installed (a desktop config copied into CI) means anonymous, as for public images.
            if (_helper.Locate(store) is { } executable)
            {
                var credential = await AskAsync(executable, server, cancellationToken).ConfigureAwait(false);
                if (credential is not null)
                {
                    return credential;
                }
            }
        }
        return BestKey(file.Auths.Keys, registry, repository) is { } authKey ? file.Auths[authKey] : null;
    }

    private Task<RegistryCredential?> AskAsync(string executable, string server, CancellationToken cancellationToken) =>
        _helperAnswers.GetOrAdd((executable, server), key => new Lazy<Task<RegistryCredential?>>(
            () => CredentialHelper.GetAsync(key.Executable, key.Server, cancellationToken))).Value;

    /// <summary>
    /// The key that names this registry, or the longest one that names a namespace above the repository
    /// (auth.json may hold `quay.io/org` and `quay.io/org/repo`). Keys may carry a scheme and a path
    /// (`https://index.docker.io/v1/`); Docker Hub answers to its three host names.
    /// </summary>
    internal static string? BestKey(IEnumerable<string> keys, string registry, string repository)
    {
        var full = registry + "/" + repository;
        string? best = null;
        var bestLength = -1;
        foreach (var key in keys)
        {
            var normalized = NormalizeKey(key);
            int length;
            if (normalized.Equals(registry, StringComparison.OrdinalIgnoreCase))
            {
                length = 0;
            }
            else if (full.Equals(normalized, StringComparison.Ordinal) || full.StartsWith(normalized + "/", StringComparison.Ordinal))
            {
                length = normalized.Length;
            }
            else
            {
                continue;
            }
            if (length > bestLength)
            {
                best = key;
                bestLength = length;
            }
        }
        return best;
    }

    /// <summary>`https://host/v1/` → `host`; `host/ns/repo` stays; Hub's API hosts become `docker.io`.</summary>
    internal static string NormalizeKey(string key)
    {
        var text = key;
        var hadScheme = false;
        foreach (var scheme in (ReadOnlySpan<string>)["https://", "http://"])
        {
            if (text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                text = text[scheme.Length..];
                hadScheme = true;
            }
        }
        // With a scheme the path is an API version (Docker's legacy keys), not a namespace.
        if (hadScheme && text.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0)
        {
            text = text[..slash];
        }
        text = text.TrimEnd('/');
        var hostEnd = text.IndexOf('/', StringComparison.Ordinal);
        var host = hostEnd < 0 ? text : text[..hostEnd];
        if (host is "index.docker.io" or "registry-1.docker.io")
        {
            text = ImageReference.DockerHub + text[host.Length..];
        }
        return text;
    }

    private List<AuthFile> ReadFiles()
    {
        var files = new List<AuthFile>();
        if (ContainersAuthPaths().Select(AuthFile.Read).FirstOrDefault(f => f is not null) is { } containers)
        {
            files.Add(containers);
        }
        if (AuthFile.Read(DockerConfigPath()) is { } docker)
        {
            files.Add(docker);
        }
        return files;
    }

    /// <summary>REGISTRY_AUTH_FILE alone when set, as containers tools do; else the runtime file, then the persistent one.</summary>
    private IEnumerable<string> ContainersAuthPaths()
    {
        if (_environment.GetVariable("REGISTRY_AUTH_FILE") is { Length: > 0 } explicitPath)
        {
            yield return explicitPath;
            yield break;
        }
        if (_environment.GetVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime)
        {
            yield return Path.Combine(runtime, "containers", "auth.json");
        }
        var config = _environment.GetVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(_environment.HomeDirectory, ".config");
        yield return Path.Combine(config, "containers", "auth.json");
    }

    private string DockerConfigPath() =>
        Path.Combine(
            _environment.GetVariable("DOCKER_CONFIG") is { Length: > 0 } directory ? directory : Path.Combine(_environment.HomeDirectory, ".docker"),
            "config.json");
}
