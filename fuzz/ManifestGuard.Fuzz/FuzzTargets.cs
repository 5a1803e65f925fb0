using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Policies;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.Policies.ImageConfig;
using ManifestGuard.Policies.OpenShift3;
using ManifestGuard.Policies.OpenShiftImagePolicy;
using ManifestGuard.References;
using ManifestGuard.Rules;
using ManifestGuard.Tests.Yaml;
using ManifestGuard.Yaml;

namespace ManifestGuard.Fuzz;

/// <summary>
/// The fuzz targets: each takes one input as text and must return without throwing. An exception
/// escaping a target is a crash afl-fuzz records; only the errors a reader documents are caught.
/// </summary>
internal static class FuzzTargets
{
    // Nothing from the instrumented engine may run before SharpFuzz has set up the coverage map, static
    // initializers included: what the targets share is created on first use.
    private static ManifestScanner? _scanner;
    private static PolicyOrigin? _origin;

    public static readonly IReadOnlyDictionary<string, Action<string>> All = new Dictionary<string, Action<string>>(StringComparer.Ordinal)
    {
        ["reference"] = Reference,
        ["yaml-scan"] = Scan,
        ["yaml-fast-path"] = FastPath,
        ["policy-json"] = ContainersPolicy,
        ["registries-d"] = RegistriesD,
        ["machineconfig"] = MachineConfig,
        ["data-url"] = DataUrlText,
        ["sigstore-policy"] = SigstorePolicy,
        ["image-config"] = ImageConfig,
        ["master-config"] = OpenShiftMasterConfig,
        ["oke"] = Oke,
    };

    /// <summary>Inputs are bytes; invalid UTF-8 decodes as the scanner decodes files (replacement characters).</summary>
    public static string ReadText(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return SourceReader.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static void Reference(string text)
    {
        if (ImageReference.TryParse(text, out var reference, out _))
        {
            // What is valid by construction must survive the round trip through its normal form.
            if (!ImageReference.TryParse(reference.Normalized, out var again, out var error) || again.Normalized != reference.Normalized)
            {
                throw new InvalidOperationException($"\"{reference.Normalized}\" (from \"{text}\") does not parse back to itself: {error}");
            }
        }
    }

    /// <summary>The whole scan of one file: parse, extract, checks, and the policies found in it.</summary>
    private static void Scan(string text) =>
        _ = (_scanner ??= new ManifestScanner(ManifestGuardConfig.Default, RuleCatalog.Default) { MaxParallelism = 1 }).Scan([ScanSource.FromText(new SourceText("fuzz.yaml", null, text))], Path.GetTempPath());

    /// <summary>
    /// The fast YAML path against YamlDotNet: whatever it accepts, YamlDotNet must read the same, and
    /// with the scan's document filter it must keep exactly some of those documents.
    /// </summary>
    private static void FastPath(string text)
    {
        if (FastPathReader.TryRead(text) is not { } fast)
        {
            return;
        }
        var full = YamlDotNetReader.Parse(text);
        if (full.Error is not null)
        {
            throw new InvalidOperationException($"the fast path accepts what YamlDotNet refuses: {full.Error.Message}");
        }
        if (YamlTreeDump.Of(fast) != YamlTreeDump.Of(full.Documents))
        {
            throw new InvalidOperationException("the fast path reads differently from YamlDotNet");
        }
        var filtered = FastPathReader.TryRead(text, ManifestScanner.ReadDocuments)
            ?? throw new InvalidOperationException("the fast path declines with the scan's filter what it accepts without");
        var next = 0;
        foreach (var document in fast)
        {
            if (next < filtered.Count && YamlTreeDump.Of([document]) == YamlTreeDump.Of([filtered[next]]))
            {
                next++;
            }
        }
        if (next != filtered.Count)
        {
            throw new InvalidOperationException("the scan's filter kept a document the fast path does not read");
        }
    }

    private static void ContainersPolicy(string text) =>
        _ = ContainersPolicyParser.Parse(text, Origin, new List<PolicyProblem>());

    private static void RegistriesD(string text)
    {
        var directory = new RegistriesDirectory();
        var problems = new List<PolicyProblem>();
        if (directory.TryAdd(text, Origin, problems, out _))
        {
            _ = directory.HasLookaside("docker.io/library/nginx");
            _ = directory.UsesSigstoreAttachments("quay.io/team/app");
        }
    }

    private static void MachineConfig(string text)
    {
        var problems = new List<PolicyProblem>();
        var files = Roots(text).Where(MachineConfigPolicies.IsMachineConfig).SelectMany(root => MachineConfigPolicies.ReadFiles(root, "fuzz.yaml", problems)).ToList();
        _ = MachineConfigPolicies.Build(files, ["worker", "master"], problems).ToList();
    }

    private static void DataUrlText(string text)
    {
        _ = DataUrl.TryDecode(text, gzip: false, out _, out _);
        _ = DataUrl.TryDecode(text, gzip: true, out _, out _);
    }

    private static void SigstorePolicy(string text)
    {
        foreach (var root in Roots(text))
        {
            _ = SigstoreImagePolicyReader.Read(new PolicyDocument("fuzz.yaml", root), new List<PolicyProblem>());
        }
    }

    private static void ImageConfig(string text)
    {
        foreach (var root in Roots(text))
        {
            _ = ClusterImageConfig.Read(new PolicyDocument("fuzz.yaml", root), new List<PolicyProblem>());
        }
    }

    private static void OpenShiftMasterConfig(string text)
    {
        foreach (var root in Roots(text))
        {
            _ = MasterConfig.Read(root, "fuzz.yaml", new List<PolicyProblem>());
        }
    }

    private static void Oke(string text)
    {
        foreach (var root in Roots(text))
        {
            try
            {
                // The section as ConfigLoader meets it: the value of `oke:` in a configuration file.
                var key = new YamlScalar("oke", ScalarStyle.Plain, null, root.Span);
                _ = ConfigLoader.Read(new YamlMapping([new(key, root)], root.Span), ".manifestguard.yaml");
            }
            catch (ConfigurationException)
            {
                // The documented answer to a bad `oke:` section: exit code 2 with file, line and key.
            }
        }
    }

    private static PolicyOrigin Origin => _origin ??= new PolicyOrigin("fuzz", "fuzz", null);

    private static IEnumerable<YamlMapping> Roots(string text) => YamlDocumentParser.Parse(text).Documents.OfType<YamlMapping>();
}
