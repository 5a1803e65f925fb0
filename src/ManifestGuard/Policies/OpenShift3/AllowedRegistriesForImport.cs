using System.Text;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.OpenShift3;

/// <summary>
/// `allowedRegistriesForImport` as OpenShift's registry whitelister evaluates it (origin
/// pkg/image/apis/image/validation/whitelist): each rule is a host glob and a port glob (`*` any run, `?` one
/// character, each side of `:` on its own); a rule without a port means 443, or 80 with `insecure: true`. A
/// secure import of a port-less reference is checked as port 443; an insecure one as "no port", which any rule
/// on 80, 443 or `*` admits. Docker Hub's API hosts are also tried as `docker.io`.
/// </summary>
internal sealed class AllowedRegistriesForImport
{
    private const int ShowMax = 5;
    private readonly List<(string Host, string Port)> _rules;

    private AllowedRegistriesForImport(List<(string Host, string Port)> rules, string source)
    {
        _rules = rules;
        Source = source;
    }

    /// <summary>Names the configuration in messages, e.g. `master-config.yaml imagePolicyConfig.allowedRegistriesForImport`.</summary>
    public string Source { get; }

    /// <param name="list">The `allowedRegistriesForImport` sequence.</param>
    /// <param name="internalRegistry">The integrated registry's hostname, which the platform always admits (listed first).</param>
    public static AllowedRegistriesForImport Read(YamlSequence list, string? internalRegistry, string file, string source, ICollection<PolicyProblem> problems)
    {
        var rules = new List<(string Host, string Port)>();
        foreach (var item in list.Items)
        {
            var domain = (item as YamlMapping)?["domainName"] as YamlScalar;
            if (domain is null)
            {
                problems.Add(new PolicyProblem(RuleIds.InvalidImagePolicy, $"{source}: each entry needs a domainName", file, item.Span, source));
                continue;
            }
            var insecure = PolicyYaml.IsTrue((item as YamlMapping)?["insecure"]);
            if (!TryParseRule(domain.Value, insecure, out var rule))
            {
                problems.Add(new PolicyProblem(RuleIds.InvalidImagePolicy, $"{source}: failed to parse allowed registry \"{domain.Value}\": too many colons", file, domain.Span, source));
                continue;
            }
            if (!rules.Contains(rule))
            {
                rules.Add(rule);
            }
        }
        if (internalRegistry is not null && TryParseRule(internalRegistry, false, out var local) && !rules.Contains(local))
        {
            rules.Insert(0, local);
        }
        return new AllowedRegistriesForImport(rules, source);
    }

    private static bool TryParseRule(string domainName, bool insecure, out (string Host, string Port) rule)
    {
        var parts = domainName.Split(':', 3);
        rule = parts.Length switch
        {
            1 => (parts[0], insecure ? "80" : "443"),
            2 => (parts[0], parts[1]),
            _ => default,
        };
        return parts.Length <= 2;
    }

    /// <summary>Null when the import is allowed, else the platform's message.</summary>
    /// <param name="writtenRegistry">The registry as written in the pull spec, "" when none is written.</param>
    /// <param name="insecure">The import is insecure (importPolicy.insecure or the stream's insecureRepository annotation).</param>
    public string? Admit(string writtenRegistry, bool insecure) =>
        Admit(writtenRegistry, insecure ? ImportTransport.Any : ImportTransport.Secure);

    /// <summary>Null when the registry is allowed for the transport, else the platform's message.</summary>
    public string? Admit(string writtenRegistry, ImportTransport transport)
    {
        string host;
        string port;
        if (transport == ImportTransport.Any)
        {
            // The port as written, or none.
            (host, port) = SplitHostPort(writtenRegistry);
            if (host.Length == 0)
            {
                host = "docker.io";
            }
        }
        else
        {
            (host, port) = RegistryHostPort(writtenRegistry, transport == ImportTransport.Insecure ? "80" : "443");
        }

        if (host is "index.docker.io" or "registry-1.docker.io" && MatchHost("docker.io", port))
        {
            return null;
        }
        if (MatchHost(host, port))
        {
            return null;
        }

        var hostname = writtenRegistry.Length > 0 ? writtenRegistry : port.Length > 0 ? JoinHostPort(host, port) : host;
        if (_rules.Count == 0)
        {
            return $"registry \"{hostname}\" not allowed by empty whitelist";
        }
        var listed = _rules.Select(r => $"\"{JoinHostPort(r.Host, r.Port)}\"").ToList();
        return _rules.Count <= ShowMax
            ? $"registry \"{hostname}\" not allowed by whitelist: {string.Join(", ", listed)}"
            : $"registry \"{hostname}\" not allowed by whitelist: {string.Join(", ", listed.Take(ShowMax - 1))}, and {listed.Count - ShowMax + 1} more ...";
    }

    private bool MatchHost(string host, string port)
    {
        foreach (var (ruleHost, rulePort) in _rules)
        {
            if (!IsWildcardMatch(host, ruleHost))
            {
                continue;
            }
            if (port.Length == 0)
            {
                if (rulePort is "80" or "443" or "*")
                {
                    return true;
                }
                continue;
            }
            if (IsWildcardMatch(port, rulePort))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>DockerImageReference.RegistryHostPort: Docker Hub names go to the v2 API host, the default port is 443 (80 insecure).</summary>
    private static (string Host, string Port) RegistryHostPort(string writtenRegistry, string defaultPort)
    {
        var registry = writtenRegistry switch
        {
            "" => "docker.io",
            "docker.io" or "index.docker.io" => "registry-1.docker.io",
            _ => writtenRegistry,
        };
        var (host, port) = SplitHostPort(registry);
        return (host, port.Length > 0 ? port : defaultPort);
    }

    private static (string Host, string Port) SplitHostPort(string registry)
    {
        var colon = registry.LastIndexOf(':');
        if (colon < 0 || registry.EndsWith(']'))
        {
            return (registry, "");
        }
        return (registry[..colon].Trim('[', ']'), registry[(colon + 1)..]);
    }

    /// <summary>
    /// host:port of a rule or of the default registry. Neither holds a colon (a domainName with two is refused as
    /// upstream does), so an IPv6 bracket form never arises here.
    /// </summary>
    private static string JoinHostPort(string host, string port) => $"{host}:{port}";

    /// <summary>`*` matches any run of characters (dots included), `?` exactly one; the whole string must match.</summary>
    public static bool IsWildcardMatch(string text, string pattern)
    {
        var previous = new bool[text.Length + 1];
        var current = new bool[text.Length + 1];
        previous[0] = true;
        foreach (var p in pattern)
        {
            current[0] = previous[0] && p == '*';
            for (var i = 1; i <= text.Length; i++)
            {
                current[i] = p == '*' ? current[i - 1] || previous[i] : previous[i - 1] && (p == '?' || p == text[i - 1]);
            }
            (previous, current) = (current, previous);
        }
        return previous[text.Length];
    }

    public override string ToString()
    {
        var text = new StringBuilder(Source).Append(':');
        foreach (var (host, port) in _rules)
        {
            text.Append(' ').Append(JoinHostPort(host, port));
        }
        return text.ToString();
    }
}
