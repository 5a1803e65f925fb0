using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Policies;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.Rendering;
using ManifestGuard.Rules;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;

namespace ManifestGuard.Analysis;

/// <summary>
/// The pipeline: discover → render → parse → extract → evaluate, over sources (files, renders of
/// kustomization roots and charts, texts in memory). Sources are read, rendered, parsed and checked in
/// parallel; what needs every source at once (cluster policies found anywhere apply everywhere) runs
/// after, and the result is sorted so output never depends on scheduling.
/// </summary>
internal sealed class ManifestScanner
{
    private readonly CheckContext _context;

    public ManifestScanner(ManifestGuardConfig config, RuleCatalog catalog)
    {
        _context = new CheckContext(config, catalog);
        _readDocuments = ReadDocumentsFor(config);
    }

    private readonly DocumentFilter _readDocuments;

    /// <summary>
    /// The documents whose content the scan reads: kinds that carry a pod, lists of objects, and policies,
    /// and, whatever their kind, Butane configs and objects with a custom pod template. The rest (custom
    /// resource definitions, services, config maps, RBAC ...) is only checked to parse.
    /// </summary>
    public static readonly DocumentFilter ReadDocuments = new(
        kind => WorkloadKinds.IsWorkloadKind(kind) || ImageExtractor.HoldsObjects(kind) || PolicySet.IsPolicyKind(kind),
        [MachineConfigPolicies.ButaneVariantKey],
        ImageExtractor.CustomTemplate);

    /// <summary><see cref="ReadDocuments"/>, and the kinds the `workloads` configuration names.</summary>
    public static DocumentFilter ReadDocumentsFor(ManifestGuardConfig config) =>
        config.Workloads.Count == 0
            ? ReadDocuments
            : ReadDocuments with
            {
                WantsKind = kind => ReadDocuments.WantsKind(kind) || config.Workloads.Any(w => w.Kind == kind),
            };

    /// <summary>Degree of parallelism; 1 scans sequentially (the result is the same).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Builds every document, not only the <see cref="ReadDocuments"/> (the result is the same).</summary>
    public bool ReadsEveryDocument { get; init; }

    /// <summary>
    /// Policy objects of the repository outside the scanned files: they apply; nothing is reported there.
    /// </summary>
    public RepositoryPolicies RepositoryPolicies { get; init; } = RepositoryPolicies.None;

    /// <summary>Scans what <paramref name="plan"/> found, with its listing of the repository.</summary>
    public ScanResult Scan(ScanPlan plan, SourceText? stdin = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Scan(plan.Inputs, plan.RootDirectory, stdin, plan.Listing);
    }

    /// <summary>
    /// Scans files (and stdin): kustomization roots and charts among them are rendered and checked as the
    /// cluster gets them, the other files as written, the configured policy files apply to all.
    /// </summary>
    public ScanResult Scan(
        IReadOnlyList<ScanInput> inputs,
        string rootDirectory,
        SourceText? stdin = null,
        RepositoryListing? listing = null)
    {
        var config = _context.Config;
        var plan = RenderPlan.For(inputs, rootDirectory, config.Render, listing);
        var sources = new List<ScanSource>();
        sources.AddRange(config.PolicyFiles.Select(p =>
            ScanSource.FromPolicyFile(new ScanInput(p.FullPath, p.DisplayPath))));
        sources.AddRange(plan.Targets.Select(ScanSource.FromRender));
        sources.AddRange(plan.AsWritten.Select(ScanSource.FromFile));
        if (stdin is not null)
        {
            sources.Add(ScanSource.FromText(stdin));
        }
        var result = Scan(sources, rootDirectory);
        return result with { FilesScanned = result.FilesScanned - plan.Targets.Count + plan.Consumed };
    }

    /// <summary>
    /// The pipeline: policy files are read first, then every other source is read (or rendered), parsed and
    /// checked in parallel; what needs all of them at once runs after, in <see cref="Combine"/>.
    /// </summary>
    public ScanResult Scan(IReadOnlyList<ScanSource> sources, string rootDirectory)
    {
        var policyFiles = sources
            .Where(s => s.IsPolicyFile && s.File is not null)
            .Select(s => ReadPolicyFile(s.File!))
            .ToList();
        var markedRenders = new HelmMarkedRenders();
        var scans = OrderedParallel.Map(
            sources.Where(s => !s.IsPolicyFile).ToList(),
            Math.Max(1, MaxParallelism),
            source => ScanOne(source, rootDirectory, markedRenders));
        return Combine(scans, policyFiles, rootDirectory);
    }

    private FileScan ScanOne(ScanSource source, string rootDirectory, HelmMarkedRenders markedRenders)
    {
        if (source.Render is { } target)
        {
            var (rendered, failure) = RenderStage.Render(target, rootDirectory, _context.Config.Render, markedRenders);
            return rendered is null ? ScanFile(failure!) : ScanFile(rendered.Text, rendered);
        }
        return ScanFile(source.Text ?? Read(source.File!, _context.Config.MaxFileSize), source.Rendered);
    }

    private static (SourceText Text, PolicyFile File) ReadPolicyFile(ScanInput input)
    {
        var text = PolicyFileReader.ReadText(input.FullPath, input.DisplayPath);
        var source = new SourceText(input.DisplayPath, input.FullPath, text);
        return (source, PolicyFileReader.Parse(text, input.DisplayPath));
    }

    private ScanResult Combine(
        List<FileScan> scans, List<(SourceText Text, PolicyFile File)> policyFiles, string rootDirectory)
    {
        var findings = new List<Finding>();
        var images = new List<ScannedImage>();
        var policyDocuments = new List<PolicyDocument>();
        var sources = new Dictionary<string, SourceText>(StringComparer.Ordinal);
        var rendered = new Dictionary<string, RenderedSource>(StringComparer.Ordinal);
        foreach (var scan in scans)
        {
            findings.AddRange(scan.Findings);
            images.AddRange(scan.Images);
            policyDocuments.AddRange(scan.PolicyDocuments);
            if (scan.Rendered is { } render)
            {
                rendered.TryAdd(render.Text.DisplayPath, render);
                foreach (var file in render.Files)
                {
                    sources.TryAdd(file.DisplayPath, file);
                }
            }
            else if (scan.Findings.Count > 0 || scan.PolicyDocuments.Count > 0 || scan.Images.Count > 0)
            {
                sources.TryAdd(scan.Source.DisplayPath, scan.Source);
            }
        }
        foreach (var (text, _) in policyFiles)
        {
            sources.TryAdd(text.DisplayPath, text);
        }

        var config = _context.Config;
        var policies = PolicySet.FromTexts(
            policyDocuments.Concat(RepositoryPolicies.Documents),
            policyFiles.Select(p => (p.Text.DisplayPath, p.File)),
            config.Oke);
        findings.AddRange(PolicyStage.Run(policies, images, _context, sources).Where(RepositoryPolicies.IsReported));
        findings = RenderedFindings.Settle(findings, rendered);
        findings.Sort(FindingOrder.Instance);

        // Text reports quote the lines of files with findings; keep only those.
        var withFindings = findings.Select(f => f.File).ToHashSet(StringComparer.Ordinal);
        foreach (var file in sources.Keys.Where(k => !withFindings.Contains(k)).ToList())
        {
            sources.Remove(file);
        }
        return new ScanResult(rootDirectory, scans.Count, findings, images, sources)
        {
            PolicyDocuments = [.. policyDocuments, .. RepositoryPolicies.Documents],
        };
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

    private FileScan ScanFile(SourceText source, RenderedSource? rendered = null)
    {
        var findings = new List<Finding>();
        var images = new List<ScannedImage>();
        var policyDocuments = new List<PolicyDocument>();
        YamlParseException? parseError = null;
        if (source.Unreadable is null)
        {
            var parsed = YamlDocumentParser.Parse(source.Text, ReadsEveryDocument ? null : _readDocuments);
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
                    CheckObject(obj, findings, images, seen, rendered);
                }
            }
            findings.AddRange(SuppressionCheck.CheckComments(source, _context));
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
        return new FileScan(kept, findings, images, policyDocuments, parseError, rendered);
    }

    private void CheckObject(
        ManifestObject obj,
        List<Finding> findings,
        List<ScannedImage> images,
        HashSet<YamlNode> seen,
        RenderedSource? rendered)
    {
        foreach (var pod in ImageExtractor.Pods(obj, _context.Config.Workloads))
        {
            CheckPod(obj, pod, findings, images, seen, rendered);
        }
    }

    private void CheckPod(
        ManifestObject obj,
        PodTemplateSite pod,
        List<Finding> findings,
        List<ScannedImage> images,
        HashSet<YamlNode> seen,
        RenderedSource? rendered)
    {
        var objectMetadata = obj.Root["metadata"] as YamlMapping;
        findings.AddRange(SuppressionCheck.CheckAnnotations(obj, _context, objectMetadata, pod.Metadata));
        foreach (var finding in BreakGlassCheck.Check(pod, _context).Where(f => f.Level != FindingLevel.Off))
        {
            findings.Add(finding with { Suppression = SuppressionFinder.Find(obj.Source, finding.Span.StartLine, finding.RuleId, objectMetadata, pod.Metadata) });
        }
        var breakGlass = BreakGlassCheck.IsBreakGlass(pod, _context.Config.BreakGlass);
        foreach (var occurrence in ImageExtractor.Images(pod, seen))
        {
            var image = ScannedImage.From(occurrence, breakGlass, SuppressionFinder.Capture(obj.Source, occurrence.Scalar.Span.StartLine, objectMetadata, pod.Metadata));
            if (rendered is not null
                && rendered.Placements.TryGetValue(occurrence.Scalar.Span.StartOffset, out var placement))
            {
                image = RenderedFindings.Place(image, placement);
            }
            images.Add(image);
            // An image known only once an OpenShift Template is processed is listed, not judged.
            if (image.NotEvaluated is not null || _context.Config.IsExempt(image.Raw, image.Reference?.Normalized))
            {
                continue;
            }
            var note = occurrence.UsesParameters ? TemplateParameters.EvaluationNote(image.Reference?.Normalized) : "";
            foreach (var finding in ImageReferenceChecks.Check(image, _context).Where(f => f.Level != FindingLevel.Off))
            {
                var suppression = image.Suppressions.For(finding.RuleId);
                findings.Add(finding with { Message = finding.Message + note, Suppression = suppression });
            }
        }
    }
}
