using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Policies;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.Rules;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;

namespace ManifestGuard.Analysis;

/// <summary>
/// The pipeline: discover → parse → extract → evaluate. Files are parsed and checked in parallel; what
/// needs every file at once (cluster policies found anywhere apply everywhere) runs after, and the
/// result is sorted so output never depends on scheduling.
/// </summary>
internal sealed class ManifestScanner
{
    private readonly CheckContext _context;

    public ManifestScanner(ManifestGuardConfig config, RuleCatalog catalog)
    {
        _context = new CheckContext(config, catalog);
    }

    /// <summary>
    /// The documents whose content the scan reads: kinds that carry a pod, lists of objects, and policies,
    /// and, whatever their kind, Butane configs and objects with a custom pod template. The rest (custom
    /// resource definitions, services, config maps, RBAC ...) is only checked to parse.
    /// </summary>
    public static readonly DocumentFilter ReadDocuments = new(
        kind => WorkloadKinds.IsWorkloadKind(kind) || ImageExtractor.IsListKind(kind) || PolicySet.IsPolicyKind(kind),
        [MachineConfigPolicies.ButaneVariantKey],
        ImageExtractor.CustomTemplate);

    /// <summary>Degree of parallelism; 1 scans sequentially (the result is the same).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Builds every document, not only the <see cref="ReadDocuments"/> (the result is the same).</summary>
    public bool ReadsEveryDocument { get; init; }

    public ScanResult Scan(IReadOnlyList<ScanInput> inputs, string rootDirectory, SourceText? stdin = null)
    {
        var scans = inputs
            .AsParallel()
            .AsOrdered()
            .WithDegreeOfParallelism(Math.Max(1, MaxParallelism))
            .Select(input => ScanFile(Read(input, _context.Config.MaxFileSize)))
            .ToList();
        if (stdin is not null)
        {
            scans.Add(ScanFile(stdin));
        }
        return Combine(scans, rootDirectory);
    }

    /// <summary>Scans text already in memory, such as an application rendered for Argo CD.</summary>
    public ScanResult Scan(IReadOnlyList<SourceText> sources, string rootDirectory)
    {
        var scans = sources
            .AsParallel()
            .AsOrdered()
            .WithDegreeOfParallelism(Math.Max(1, MaxParallelism))
            .Select(ScanFile)
            .ToList();
        return Combine(scans, rootDirectory);
    }

    private ScanResult Combine(List<FileScan> scans, string rootDirectory)
    {
        var findings = new List<Finding>();
        var images = new List<ScannedImage>();
        var policyDocuments = new List<PolicyDocument>();
        var sources = new Dictionary<string, SourceText>(StringComparer.Ordinal);
        foreach (var scan in scans)
        {
            findings.AddRange(scan.Findings);
            images.AddRange(scan.Images);
            policyDocuments.AddRange(scan.PolicyDocuments);
            if (scan.Findings.Count > 0 || scan.PolicyDocuments.Count > 0 || scan.Images.Count > 0)
            {
                sources.TryAdd(scan.Source.DisplayPath, scan.Source);
            }
        }

        var config = _context.Config;
        var oke = config.Oke;
        var policies = PolicySet.Load(policyDocuments, config.PolicyFiles, oke);
        findings.AddRange(PolicyStage.Run(policies, images, _context, sources));
        findings.Sort(FindingOrder.Instance);

        // Text reports quote the lines of files with findings; keep only those.
        var withFindings = findings.Select(f => f.File).ToHashSet(StringComparer.Ordinal);
        foreach (var file in sources.Keys.Where(k => !withFindings.Contains(k)).ToList())
        {
            sources.Remove(file);
        }
        foreach (var (full, display) in config.PolicyFiles.Where(p => withFindings.Contains(p.DisplayPath) && !sources.ContainsKey(p.DisplayPath)))
        {
            if (File.Exists(full))
            {
                sources[display] = SourceReader.Read(new ScanInput(full, display));
            }
        }
        return new ScanResult(rootDirectory, scans.Count, findings, images, sources);
    }

    private static SourceText Read(ScanInput input, long maxFileSize)
    {
        try
        {
            return SourceReader.Read(input, maxFileSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable file is reported like an unparsable one, and the scan goes on.
            return new SourceText(input.DisplayPath, input.FullPath, "") { Unreadable = $"cannot read the file: {e.Message}" };
        }
    }

    private FileScan ScanFile(SourceText source)
    {
        var findings = new List<Finding>();
        var images = new List<ScannedImage>();
        var policyDocuments = new List<PolicyDocument>();
        YamlParseException? parseError = null;
        if (source.Unreadable is null)
        {
            var parsed = YamlDocumentParser.Parse(source.Text, ReadsEveryDocument ? null : ReadDocuments);
            parseError = parsed.Error;
            var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
            foreach (var document in parsed.Documents)
            {
                if (document is YamlMapping root && PolicySet.IsPolicyDocument(root))
                {
                    policyDocuments.Add(new PolicyDocument(source.DisplayPath, root));
                }
                foreach (var obj in ImageExtractor.Objects(source, document))
                {
                    CheckObject(obj, findings, images, seen);
                }
            }
        }
        var problem = source.Unreadable ?? (parseError is null ? null : $"not valid YAML or JSON: {parseError.Message}; the rest of this file was not checked");
        if (problem is not null && _context.IsOn(RuleIds.ManifestParseError))
        {
            findings.Add(new Finding
            {
                RuleId = RuleIds.ManifestParseError,
                Level = _context.LevelOf(RuleIds.ManifestParseError),
                Message = problem,
                File = source.DisplayPath,
                Span = parseError is null ? SourceSpan.At(1, 1) : SourceSpan.At(parseError.Line, parseError.Column),
            });
        }
        // Policy problems are found after every file is read, anywhere in a policy file: keep those whole.
        // Of other files keep only the lines a report may quote, so memory does not grow with file size.
        var kept = policyDocuments.Count > 0
            ? source
            : source.Excerpt(findings.Select(f => f.Span.StartLine).Concat(images.Select(i => i.Span.StartLine)));
        return new FileScan(kept, findings, images, policyDocuments, parseError);
    }

    private void CheckObject(ManifestObject obj, List<Finding> findings, List<ScannedImage> images, HashSet<YamlNode> seen)
    {
        if (ImageExtractor.PodTemplate(obj) is not { } pod)
        {
            return;
        }
        var objectMetadata = obj.Root["metadata"] as YamlMapping;
        foreach (var finding in BreakGlassCheck.Check(pod, _context).Where(f => f.Level != FindingLevel.Off))
        {
            findings.Add(finding with { Suppression = SuppressionFinder.Find(obj.Source, finding.Span.StartLine, finding.RuleId, objectMetadata, pod.Metadata) });
        }
        var breakGlass = BreakGlassCheck.IsBreakGlass(pod, _context.Config.BreakGlass);
        foreach (var occurrence in ImageExtractor.Images(pod, seen))
        {
            var image = ScannedImage.From(occurrence, breakGlass, SuppressionFinder.Capture(obj.Source, occurrence.Scalar.Span.StartLine, objectMetadata, pod.Metadata));
            images.Add(image);
            if (_context.Config.IsExempt(image.Raw, image.Reference?.Normalized))
            {
                continue;
            }
            foreach (var finding in ImageReferenceChecks.Check(image, _context).Where(f => f.Level != FindingLevel.Off))
            {
                findings.Add(finding with { Suppression = image.Suppressions.For(finding.RuleId) });
            }
        }
    }
}
