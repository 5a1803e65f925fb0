using ManifestGuard.Findings;
using ManifestGuard.References;
using ManifestGuard.Yaml;

namespace ManifestGuard.Configuration;

/// <summary>
/// Finds and reads `.manifestguard.yaml`. Strict, like the policy formats it sits beside: an unknown key
/// or a value of the wrong shape is an error naming the file, line and key, never silently ignored.
/// </summary>
internal static class ConfigLoader
{
    /// <summary>More requests at once to one registry than this is a burst no registry welcomes.</summary>
    private const int MaxRegistryConcurrency = 64;

    public const string FileName = ".manifestguard.yaml";

    internal static readonly HashSet<string> TopLevelKeys =
    [
        "include", "exclude", "rules", "registries", "requireDigest", "disallowedTags", "exemptImages",
        "breakGlass", "policyFiles", "defaultNamespace", "oke", "pin", "maxFileSize", "respectGitIgnore",
        "workloads", "render",
        "baseline",
    ];

    /// <summary>
    /// The nearest configuration: `.manifestguard.yaml` in <paramref name="start"/> (a file's folder, or a
    /// folder) or the nearest parent that has one. The walk never leaves the repository: it stops after the
    /// first folder that is a repository root, a folder holding `.git` (a folder, or a file in a linked work
    /// tree or submodule) or <paramref name="repositoryRoot"/> when the caller knows the root without git
    /// (Argo CD hands its plugin a checkout). Outside any repository it goes up to the file system's root.
    /// </summary>
    public static string? Find(string start, string? repositoryRoot = null)
    {
        var boundary = repositoryRoot is null
            ? null
            : Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));
        var directory = Directory.Exists(start) ? Path.GetFullPath(start) : Path.GetDirectoryName(Path.GetFullPath(start));
        while (directory is not null)
        {
            var candidate = Path.Combine(directory, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
            var isRoot = Path.TrimEndingDirectorySeparator(directory) == boundary
                || Directory.Exists(Path.Combine(directory, ".git"))
                || File.Exists(Path.Combine(directory, ".git"));
            if (isRoot)
            {
                return null;
            }
            directory = Path.GetDirectoryName(directory);
        }
        return null;
    }

    public static ManifestGuardConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read the configuration: {e.Message}", path, 0, 0);
        }
        return Parse(text, path);
    }

    public static ManifestGuardConfig Parse(string text, string path)
    {
        var parsed = YamlDocumentParser.Parse(text);
        if (parsed.Error is { } error)
        {
            throw new ConfigurationException($"not valid YAML: {error.Message}", path, error.Line, error.Column);
        }
        if (parsed.Documents.Count == 0 || parsed.Documents[0] is YamlScalar { IsNull: true })
        {
            return ManifestGuardConfig.Default with { Path = path };
        }
        if (parsed.Documents.Count > 1 || parsed.Documents[0] is not YamlMapping root)
        {
            throw new ConfigurationException("the configuration must be one YAML mapping", path, 1, 1);
        }
        return Read(root, path);
    }

    /// <summary>Reads a configuration already parsed into a mapping.</summary>
    internal static ManifestGuardConfig Read(YamlMapping root, string path) => new Reader(path).Read(root);

    /// <summary>Reads one file; carries its path so every error can name it.</summary>
    private sealed class Reader(string path)
    {
        private readonly string _directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";

        public ManifestGuardConfig Read(YamlMapping root)
        {
            CheckKeys(root, TopLevelKeys, "");
            var config = ManifestGuardConfig.Default with { Path = path };
            if (root["include"] is { } include) { config = config with { Include = Strings(include, "include") }; }
            if (root["exclude"] is { } exclude) { config = config with { Exclude = Strings(exclude, "exclude") }; }
            if (root["rules"] is { } rules) { config = config with { RuleLevels = RuleLevels(rules) }; }
            if (root["registries"] is { } registries) { config = ReadRegistries(config, registries); }
            if (root["requireDigest"] is { } requireDigest) { config = config with { RequireDigest = Patterns(requireDigest, "requireDigest") }; }
            if (root["disallowedTags"] is { } tags) { config = config with { DisallowedTags = Strings(tags, "disallowedTags") }; }
            if (root["exemptImages"] is { } exempt) { config = config with { ExemptImages = Strings(exempt, "exemptImages") }; }
            if (root["breakGlass"] is { } breakGlass) { config = config with { BreakGlass = ReadBreakGlass(breakGlass) }; }
            if (root["policyFiles"] is { } policyFiles) { config = config with { PolicyFiles = ReadPolicyFiles(policyFiles) }; }
            if (root["defaultNamespace"] is { } ns) { config = config with { DefaultNamespace = Scalar(ns, "defaultNamespace") }; }
            if (root["oke"] is { } oke) { config = config with { Oke = ReadOke(oke) }; }
            if (root["baseline"] is { } baseline) { config = config with { Baseline = Path.GetFullPath(Path.Combine(_directory, Scalar(baseline, "baseline"))) }; }
            if (root["maxFileSize"] is { } maxFileSize) { config = config with { MaxFileSize = PositiveInteger(maxFileSize, "maxFileSize") }; }
            if (root["respectGitIgnore"] is { } ignore) { config = config with { RespectGitIgnore = Boolean(ignore, "respectGitIgnore") }; }
            if (root["workloads"] is { } workloads) { config = config with { Workloads = ReadWorkloads(workloads) }; }
            if (root["render"] is { } render) { config = config with { Render = ReadRender(render) }; }
            if (root["pin"] is { } pin)
            {
                var map = Mapping(pin, "pin");
                CheckKeys(map, ["helmValues"], "pin.");
                if (map["helmValues"] is { } helmValues) { config = config with { HelmValues = Strings(helmValues, "pin.helmValues") }; }
            }
            return config;
        }

        private ManifestGuardConfig ReadRegistries(ManifestGuardConfig config, YamlNode node)
        {
            var map = Mapping(node, "registries");
            CheckKeys(map, ["allowed", "blocked", "insecure", "mirrors", "timeout", "maxConcurrency"], "registries.");
            if (map["allowed"] is { } allowed) { config = config with { AllowedRegistries = Patterns(allowed, "registries.allowed") }; }
            if (map["blocked"] is { } blocked) { config = config with { BlockedRegistries = Patterns(blocked, "registries.blocked") }; }
            if (map["insecure"] is { } insecure) { config = config with { InsecureRegistries = Strings(insecure, "registries.insecure") }; }
            if (map["timeout"] is { } timeout)
            {
                var seconds = PositiveInteger(timeout, "registries.timeout");
                if (seconds > int.MaxValue / 1000)
                {
                    throw Error(timeout, "registries.timeout: at most a few hours (a number of seconds) makes sense");
                }
                config = config with { RegistryTimeoutSeconds = (int)seconds };
            }
            if (map["maxConcurrency"] is { } concurrency)
            {
                var bound = PositiveInteger(concurrency, "registries.maxConcurrency");
                if (bound > MaxRegistryConcurrency)
                {
                    throw Error(concurrency, $"registries.maxConcurrency: at most {MaxRegistryConcurrency} requests at once to one registry");
                }
                config = config with { RegistryMaxConcurrency = (int)bound };
            }
            if (map["mirrors"] is { } mirrors)
            {
                var result = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in Entries(Mapping(mirrors, "registries.mirrors")))
                {
                    var url = Scalar(value, "registries.mirrors." + key.Value);
                    if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
                    {
                        throw Error(value, $"registries.mirrors.{key.Value}: \"{url}\" is not an http or https URL");
                    }
                    result[key.Value] = url.TrimEnd('/');
                }
                config = config with { Mirrors = result };
            }
            return config;
        }

        /// <summary>`render:` with `enabled`, `kustomize`, `helm`, and `charts` (chart folder → variants, each a values file or a list of them).</summary>
        private Rendering.RenderSettings ReadRender(YamlNode node)
        {
            var map = Mapping(node, "render");
            CheckKeys(map, ["enabled", "kustomize", "helm", "charts"], "render.");
            var settings = Rendering.RenderSettings.Default;
            if (map["enabled"] is { } enabled)
            {
                settings = settings with { Enabled = Boolean(enabled, "render.enabled") };
            }
            if (map["kustomize"] is { } kustomize)
            {
                settings = settings with { Kustomize = Program(kustomize, "render.kustomize") };
            }
            if (map["helm"] is { } helm) { settings = settings with { Helm = Program(helm, "render.helm") }; }
            if (map["charts"] is { } charts)
            {
                var result = new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>>(StringComparer.Ordinal);
                foreach (var (key, value) in Entries(Mapping(charts, "render.charts")))
                {
                    var chart = Path.GetFullPath(Path.Combine(_directory, key.Value));
                    if (!File.Exists(Path.Combine(chart, "Chart.yaml")))
                    {
                        throw Error(key, $"render.charts: \"{key.Value}\" is not a chart folder "
                            + "(no Chart.yaml; paths are relative to the configuration file)");
                    }
                    var variants = new List<IReadOnlyList<string>>();
                    foreach (var variant in Sequence(value, "render.charts." + key.Value))
                    {
                        var where = "render.charts." + key.Value;
                        var files = variant is YamlSequence ? Strings(variant, where) : [Scalar(variant, where)];
                        variants.Add([.. files.Select(file => ValuesFile(chart, file, variant, key.Value))]);
                    }
                    result[chart] = variants;
                }
                settings = settings with { Charts = result };
            }
            return settings;
        }

        /// <summary>A values file of a configured chart variant, relative to the chart folder.</summary>
        private string ValuesFile(string chart, string file, YamlNode node, string chartKey)
        {
            var full = Path.GetFullPath(Path.Combine(chart, file));
            return File.Exists(full)
                ? full
                : throw Error(node, $"render.charts.{chartKey}: \"{file}\" does not exist "
                    + "(values files are relative to the chart folder)");
        }

        /// <summary>A program name, or a path relative to the configuration file.</summary>
        private string Program(YamlNode node, string key)
        {
            var value = Scalar(node, key);
            return value.Contains('/', StringComparison.Ordinal)
                ? Path.GetFullPath(Path.Combine(_directory, value))
                : value;
        }

        private BreakGlassSettings ReadBreakGlass(YamlNode node)
        {
            var map = Mapping(node, "breakGlass");
            CheckKeys(map, ["annotations", "labels", "exemptFromPolicies"], "breakGlass.");
            var settings = BreakGlassSettings.Default;
            if (map["annotations"] is { } annotations) { settings = settings with { Annotations = Strings(annotations, "breakGlass.annotations") }; }
            if (map["labels"] is { } labels) { settings = settings with { Labels = Strings(labels, "breakGlass.labels") }; }
            if (map["exemptFromPolicies"] is { } exempt) { settings = settings with { ExemptFromPolicies = Boolean(exempt, "breakGlass.exemptFromPolicies") }; }
            return settings;
        }

        /// <summary>`workloads: [{kind, apiVersion?, images: [field paths]}]`: custom resources' images.</summary>
        private List<Workloads.CustomWorkload> ReadWorkloads(YamlNode node)
        {
            var result = new List<Workloads.CustomWorkload>();
            var items = Sequence(node, "workloads");
            for (var i = 0; i < items.Count; i++)
            {
                var key = $"workloads[{i}]";
                var map = Mapping(items[i], key);
                CheckKeys(map, ["kind", "apiVersion", "images"], key + ".");
                var kind = map["kind"] is { } kindNode
                    ? Scalar(kindNode, key + ".kind")
                    : throw Error(map, $"{key}: kind is required");
                var apiVersion = map["apiVersion"] is { } apiVersionNode
                    ? Scalar(apiVersionNode, key + ".apiVersion")
                    : null;
                var paths = new List<Workloads.FieldPath>();
                foreach (var item in map["images"] is { } images ? Sequence(images, key + ".images") : [])
                {
                    var text = Scalar(item, key + ".images");
                    if (!Workloads.FieldPath.TryParse(text, out var path, out var error))
                    {
                        throw Error(item, $"{key}.images: \"{text}\" is not a field path: {error}");
                    }
                    paths.Add(path);
                }
                if (paths.Count == 0)
                {
                    throw Error(map, $"{key}: images must list at least one field path, "
                        + "such as spec.image or spec.components[*].image");
                }
                result.Add(new Workloads.CustomWorkload(kind, apiVersion, paths));
            }
            return result;
        }

        private OkeSettings ReadOke(YamlNode node)
        {
            var map = Mapping(node, "oke");
            CheckKeys(map, ["enabled", "keyIds", "registries"], "oke.");
            var settings = new OkeSettings(false, [], OkeSettings.DefaultRegistries, map.Span, path);
            if (map["enabled"] is { } enabled)
            {
                settings = settings with { Enabled = Boolean(enabled, "oke.enabled") };
            }
            if (map["keyIds"] is { } keyIds)
            {
                settings = settings with { KeyIds = Strings(keyIds, "oke.keyIds") };
            }
            if (map["registries"] is { } registries)
            {
                settings = settings with { Registries = Patterns(registries, "oke.registries") };
            }
            return settings;
        }

        private List<(string, string)> ReadPolicyFiles(YamlNode node)
        {
            var files = new List<(string, string)>();
            foreach (var item in Sequence(node, "policyFiles"))
            {
                var relative = Scalar(item, "policyFiles");
                var full = Path.GetFullPath(Path.Combine(_directory, relative));
                if (!File.Exists(full) && !Directory.Exists(full))
                {
                    throw Error(item, $"policyFiles: \"{relative}\" does not exist (paths are relative to the configuration file)");
                }
                files.Add((full, relative.Replace('\\', '/')));
            }
            return files;
        }

        private Dictionary<string, FindingLevel> RuleLevels(YamlNode node)
        {
            var levels = new Dictionary<string, FindingLevel>(StringComparer.Ordinal);
            foreach (var (key, value) in Entries(Mapping(node, "rules")))
            {
                if (Rules.RuleCatalog.Default.Find(key.Value) is not { } rule)
                {
                    throw Error(key, $"rules: unknown rule \"{key.Value}\" (see `manifestguard rules`)");
                }
                var text = Scalar(value, "rules." + key.Value);
                if (!FindingLevels.TryParse(text, out var level))
                {
                    throw Error(value, $"rules.{key.Value}: \"{text}\" is not a level (error, warning, note or off)");
                }
                levels[rule.Id] = level;
            }
            return levels;
        }

        private List<RegistryPattern> Patterns(YamlNode node, string key)
        {
            var patterns = new List<RegistryPattern>();
            foreach (var item in Sequence(node, key))
            {
                var text = Scalar(item, key);
                if (!RegistryPattern.TryParse(text, out var pattern, out var error))
                {
                    throw Error(item, $"{key}: {error}");
                }
                patterns.Add(pattern);
            }
            return patterns;
        }

        private List<string> Strings(YamlNode node, string key) => [.. Sequence(node, key).Select(item => Scalar(item, key))];

        private IReadOnlyList<YamlNode> Sequence(YamlNode node, string key) =>
            node switch
            {
                YamlSequence sequence => sequence.Items,
                YamlScalar { IsNull: true } => [],
                _ => throw Error(node, $"{key}: expected a list"),
            };

        private YamlMapping Mapping(YamlNode node, string key) =>
            node as YamlMapping ?? throw Error(node, $"{key}: expected a mapping");

        private string Scalar(YamlNode node, string key) =>
            node is YamlScalar { IsNull: false } scalar ? scalar.Value : throw Error(node, $"{key}: expected a string");

        private long PositiveInteger(YamlNode node, string key)
        {
            var text = Scalar(node, key);
            return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw Error(node, $"{key}: \"{text}\" is not a positive whole number of bytes");
        }

        private bool Boolean(YamlNode node, string key) =>
            Scalar(node, key) switch
            {
                "true" => true,
                "false" => false,
                var other => throw Error(node, $"{key}: \"{other}\" is not true or false"),
            };

        private IEnumerable<(YamlScalar Key, YamlNode Value)> Entries(YamlMapping map)
        {
            foreach (var entry in map.Entries)
            {
                yield return (entry.Key as YamlScalar ?? throw Error(entry.Key, "keys must be strings"), entry.Value);
            }
        }

        private void CheckKeys(YamlMapping map, IReadOnlyCollection<string> known, string prefix)
        {
            foreach (var (key, _) in Entries(map))
            {
                if (!known.Contains(key.Value))
                {
                    throw Error(key, $"unknown key \"{prefix}{key.Value}\" (known: {string.Join(", ", known)})");
                }
            }
        }

        private ConfigurationException Error(YamlNode node, string message) =>
            new(message, path, node.Span.StartLine, node.Span.StartColumn);
    }
}
