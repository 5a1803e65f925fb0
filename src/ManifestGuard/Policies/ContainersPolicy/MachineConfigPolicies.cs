using System.Text;
using System.Text.Json;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>
/// The node policies clusters really carry: MachineConfig objects (and the Butane configs they are built from)
/// that write /etc/containers/policy.json or /etc/containers/registries.d/*.yaml. Files are grouped by the
/// pool role label; within a role the MachineConfig whose name sorts last wins a path, as the Machine Config
/// Operator merges them. Problems point at the embedding line, since the embedded text has no file of its own.
/// </summary>
internal static class MachineConfigPolicies
{
    public const string RoleLabel = "machineconfiguration.openshift.io/role";
    public const string PolicyPath = "/etc/containers/policy.json";
    private const string RegistriesDirectoryPath = "/etc/containers/registries.d/";

    /// <summary>One node file written by one MachineConfig.</summary>
    public sealed record NodeFile(string Role, string ConfigName, string Path, string Text, PolicyOrigin Origin);

    public static bool IsMachineConfig(YamlMapping root) =>
        (PolicyYaml.Kind(root) == "MachineConfig" && PolicyYaml.Group(PolicyYaml.ApiVersion(root)) == "machineconfiguration.openshift.io")
        || IsButane(root);

    /// <summary>The root key that marks a Butane config, which has no `kind`.</summary>
    public const string ButaneVariantKey = "variant";

    private static bool IsButane(YamlMapping root) => root.ScalarAt(ButaneVariantKey) == "openshift" && root["version"] is not null;

    /// <summary>The role a MachineConfig targets; pools select MachineConfigs by this label.</summary>
    public static string? Role(YamlMapping root) => (root.At("metadata", "labels") as YamlMapping)?.ScalarAt(RoleLabel);

    /// <summary>The policy files one MachineConfig or Butane config writes (or the files <paramref name="include"/> selects).</summary>
    public static IEnumerable<NodeFile> ReadFiles(YamlMapping root, string file, ICollection<PolicyProblem> problems, Func<string, bool>? include = null)
    {
        include ??= IsPolicyPath;
        var butane = IsButane(root);
        var configName = PolicyYaml.Name(root) ?? "(unnamed)";
        var role = Role(root) ?? "(no role label)";
        var files = butane ? root.At("storage", "files") : root.At("spec", "config", "storage", "files");
        foreach (var entry in PolicyYaml.Items(files).OfType<YamlMapping>())
        {
            var path = entry.ScalarAt("path");
            if (path is null || !include(path))
            {
                continue;
            }
            var name = butane ? $"Butane config {configName} {path}" : $"MachineConfig/{configName} {path}";
            var contents = entry["contents"] as YamlMapping;
            var gzip = contents?.ScalarAt("compression") == "gzip";
            if (contents?["inline"] is YamlScalar inline)
            {
                yield return new NodeFile(role, configName, path, inline.Value, new PolicyOrigin(file, name, inline.Span));
            }
            else if (contents?["source"] is YamlScalar source)
            {
                if (DataUrl.TryDecode(source.Value, gzip, out var text, out var error))
                {
                    yield return new NodeFile(role, configName, path, text, new PolicyOrigin(file, name, source.Span));
                }
                else
                {
                    problems.Add(new PolicyProblem(RuleIds.InvalidImagePolicy, $"{name}: {error}", file, source.Span, name, Findings.FindingLevel.Warning));
                }
            }
        }
    }

    private static bool IsPolicyPath(string path) =>
        path == PolicyPath
        || (path.StartsWith(RegistriesDirectoryPath, StringComparison.Ordinal) && (path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal)));

    /// <summary>Builds one node policy per distinct policy.json, reports parse problems and differences between roles.</summary>
    public static IEnumerable<IImagePolicy> Build(IReadOnlyList<NodeFile> files, IReadOnlyCollection<string> knownRoles, ICollection<PolicyProblem> problems)
    {
        var roles = files
            .GroupBy(f => f.Role, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Role: g.Key, Files: g
                .GroupBy(f => f.Path, StringComparer.Ordinal)
                .Select(byPath => byPath.OrderBy(f => f.ConfigName, StringComparer.Ordinal).Last())
                .ToList()))
            .ToList();

        var policies = new List<(string Role, NodeFile File, ContainersPolicyFile Policy)>();
        foreach (var (role, roleFiles) in roles)
        {
            var registries = new RegistriesDirectory();
            foreach (var registriesFile in roleFiles.Where(f => f.Path != PolicyPath))
            {
                if (!registries.TryAdd(registriesFile.Text, registriesFile.Origin, problems, out var yamlError))
                {
                    problems.Add(registriesFile.Origin.Problem(RuleIds.InvalidImagePolicy, $"not valid YAML ({yamlError!.Message}): containers/image refuses the signature storage configuration, so every image pull fails", SourceSpan.At(yamlError.Line, yamlError.Column)));
                }
            }
            if (roleFiles.FirstOrDefault(f => f.Path == PolicyPath) is not { } policyFile)
            {
                continue;
            }
            var result = ContainersPolicyParser.Parse(policyFile.Text, policyFile.Origin, problems);
            if (result.SyntaxError is not null)
            {
                problems.Add(policyFile.Origin.Problem(RuleIds.InvalidImagePolicy, $"not valid JSON ({result.SyntaxError}): containers/image refuses the whole file, so every image pull on nodes using it fails", SourceSpan.At(result.Line, result.Column)));
            }
            if (result.Policy is not null)
            {
                NodeContainersPolicy.CheckSignatureStorage(result.Policy, registries, problems);
                policies.Add((role, policyFile, result.Policy));
            }
        }

        ReportInconsistentRoles(roles.Select(r => (r.Role, r.Files.FirstOrDefault(f => f.Path == PolicyPath))).ToList(), knownRoles, problems);

        // Roles with the same policy text are one policy to evaluate; the verdict names every MachineConfig.
        foreach (var same in policies.GroupBy(p => Canonical(p.File.Text), StringComparer.Ordinal))
        {
            var name = string.Join(", ", same.Select(p => $"{p.File.Origin.Name} (role {p.Role})"));
            yield return new NodeContainersPolicy(same.First().Policy, name);
        }
    }

    /// <summary>MG305: node pools that pull under different policy.json files admit different images.</summary>
    private static void ReportInconsistentRoles(List<(string Role, NodeFile? Policy)> roles, IReadOnlyCollection<string> knownRoles, ICollection<PolicyProblem> problems)
    {
        var withPolicy = roles.Where(r => r.Policy is not null).Select(r => (r.Role, Policy: r.Policy!)).ToList();
        if (withPolicy.Count == 0)
        {
            return;
        }
        var reference = withPolicy[0];
        foreach (var other in withPolicy.Skip(1))
        {
            if (Canonical(other.Policy.Text) != Canonical(reference.Policy.Text))
            {
                problems.Add(Inconsistent(
                    other.Policy,
                    $"{other.Policy.Origin.Name} gives role {other.Role} a different {PolicyPath} than {reference.Policy.Origin.Name} gives role {reference.Role}: the same pod is admitted or rejected depending on the pool it lands on"));
            }
        }
        // The two pools every cluster has: one of them without the policy pulls under the default one.
        foreach (var pool in new[] { "master", "worker" })
        {
            if (knownRoles.Contains(pool) && withPolicy.All(p => p.Role != pool))
            {
                problems.Add(Inconsistent(
                    reference.Policy,
                    $"{reference.Policy.Origin.Name} sets {PolicyPath} for role {reference.Role}, but no MachineConfig sets it for role {pool}: {pool} nodes pull under their default policy"));
            }
        }
    }

    /// <summary>MG305 where the MachineConfig that writes <paramref name="policy"/> is.</summary>
    private static PolicyProblem Inconsistent(NodeFile policy, string message) =>
        new(RuleIds.PolicyInconsistent, message, policy.Origin.File, policy.Origin.Anchor ?? default,
            policy.Origin.Name);

    /// <summary>Compares policies by their JSON content, not by layout; text that is not JSON compares as written.</summary>
    private static string Canonical(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                document.WriteTo(writer);
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        }
    }
}
