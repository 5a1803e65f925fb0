using System.Diagnostics;
using System.Globalization;
using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;
using YamlDotNet.Core;

namespace ManifestGuard.Benchmarks;

/// <summary>
/// Where a scan of a whole corpus spends its time and memory, phase by phase on one thread (what
/// BenchmarkDotNet's per-call figures cannot show): read, YamlDotNet's events alone, our node tree,
/// extraction and checks; then what a scan keeps alive until the report is written.
/// </summary>
public static class ScanBreakdown
{
    public static int Run(string mode, string corpus)
    {
        var root = Path.GetFullPath(corpus);
        var inputs = FileDiscovery.Discover([root], root, ManifestGuardConfig.DefaultInclude, []);
        switch (mode)
        {
            case "phases":
                Phases(inputs, root);
                return 0;
            case "retained":
                Retained(inputs, root);
                return 0;
            case "streaming":
                Streaming(inputs);
                return 0;
            default:
                Console.Error.WriteLine("usage: breakdown phases|retained|streaming CORPUS");
                return 2;
        }
    }

    private static void Phases(IReadOnlyList<ScanInput> inputs, string root)
    {
        var context = new CheckContext(ManifestGuardConfig.Default, RuleCatalog.Default);
        // One warm-up pass over a slice, so JIT tiering does not count against the first phase.
        foreach (var input in inputs.Take(300))
        {
            YamlDocumentParser.Parse(SourceReader.Read(input).Text);
        }

        Measure("discover", () => FileDiscovery.Discover([root], root, ManifestGuardConfig.DefaultInclude, []));
        var sources = new List<SourceText>(inputs.Count);
        var bytes = inputs.Sum(i => new FileInfo(i.FullPath).Length);
        Measure("read + decode UTF-8", () =>
        {
            foreach (var input in inputs)
            {
                sources.Add(SourceReader.Read(input));
            }
        });
        Measure("YamlDotNet events only", () =>
        {
            foreach (var source in sources)
            {
                try
                {
                    var parser = new Parser(new StringReader(source.Text));
                    while (parser.MoveNext())
                    {
                    }
                }
                catch (Exception e) when (e is YamlException or InvalidOperationException)
                {
                }
            }
        });
        // Nothing below keeps a tree past its file, as a streaming scan would not.
        var nodes = 0;
        Measure("YamlDocumentParser, every document", () =>
        {
            foreach (var source in sources)
            {
                nodes += YamlDocumentParser.Parse(source.Text).Documents.Count;
            }
        });
        var read = 0;
        Measure("YamlDocumentParser, the scan's documents", () =>
        {
            foreach (var source in sources)
            {
                read += YamlDocumentParser.Parse(source.Text, ManifestScanner.ReadDocuments).Documents.Count;
            }
        });
        var findings = 0;
        Measure("parse + extract + reference checks", () =>
        {
            foreach (var source in sources)
            {
                foreach (var document in YamlDocumentParser.Parse(source.Text, ManifestScanner.ReadDocuments).Documents)
                {
                    foreach (var obj in ImageExtractor.Objects(source, document))
                    {
                        if (ImageExtractor.PodTemplate(obj) is not { } pod)
                        {
                            continue;
                        }
                        foreach (var image in ImageExtractor.Images(pod))
                        {
                            foreach (var finding in ImageReferenceChecks.Check(ScannedImage.From(image, breakGlass: false, SuppressionContext.None), context))
                            {
                                findings += SuppressionFinder.FromComment(source, finding.Span.StartLine, finding.RuleId) is null ? 1 : 0;
                            }
                        }
                    }
                }
            }
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{inputs.Count} files, {bytes / 1e6:F1} MB, {nodes} documents ({read} built for the scan), {findings} unsuppressed reference findings"));
    }

    /// <summary>Wall time, and the process's CPU time, which moves less when other processes share the cores.</summary>
    private static void Measure(string phase, Action action)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        watch.Stop();
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        var mb = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase,-40} {watch.Elapsed.TotalMilliseconds,8:F0} ms wall {cpuMs,8:F0} ms CPU {mb,8:F0} MB allocated"));
    }

    /// <summary>
    /// What the scan result keeps alive, against what a text report needs of it (the findings and the
    /// one line each quotes).
    /// </summary>
    private static void Retained(IReadOnlyList<ScanInput> inputs, string root)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = new ManifestScanner(ManifestGuardConfig.Default, RuleCatalog.Default).Scan(inputs, root);
        watch.Stop();
        process.Refresh();
        var held = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ManifestScanner.Scan: {watch.Elapsed.TotalMilliseconds:F0} ms wall, {(process.TotalProcessorTime - cpu).TotalMilliseconds:F0} ms CPU, {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB peak working set"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ScanResult keeps {held / 1e6:F1} MB live: {result.Findings.Count} findings, {result.Images.Count} images, {result.Sources.Count} source texts ({result.Sources.Values.Sum(s => (long)s.Text.Length) * 2 / 1e6:F1} MB of UTF-16)"));

        // What a report needs: the findings, and for the text report the line each one quotes.
        var findings = result.Findings.ToList();
        var lines = new Dictionary<(string, int), string>();
        foreach (var finding in findings)
        {
            if (result.Sources.TryGetValue(finding.File, out var source))
            {
                lines.TryAdd((finding.File, finding.Span.StartLine), source.Line(finding.Span.StartLine));
            }
        }
        var images = result.Images.Count;
        result = null;
        var lean = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"findings + quoted lines alone: {lean / 1e6:F1} MB ({findings.Count} findings, {lines.Count} lines; {images} image occurrences dropped)"));
        Console.WriteLine($"findings digest {Digest(findings)}");
        GC.KeepAlive(findings);
        GC.KeepAlive(lines);
    }

    /// <summary>
    /// A prototype of the scan the report recommends: files in parallel, each one's text and trees
    /// dropped as soon as its findings (and the lines they quote) are made. The per-file checks are the
    /// ones ManifestScanner runs; the digest shows the findings are the same.
    /// </summary>
    private static void Streaming(IReadOnlyList<ScanInput> inputs)
    {
        var context = new CheckContext(ManifestGuardConfig.Default, RuleCatalog.Default);
        var perFile = new (List<Finding> Findings, Dictionary<int, string> Lines)[inputs.Count];
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var source = SourceReader.Read(inputs[i]);
            var findings = new List<Finding>();
            var parsed = YamlDocumentParser.Parse(source.Text);
            foreach (var document in parsed.Documents)
            {
                foreach (var obj in ImageExtractor.Objects(source, document))
                {
                    if (ImageExtractor.PodTemplate(obj) is not { } pod)
                    {
                        continue;
                    }
                    var raw = new List<Finding>(BreakGlassCheck.Check(pod, context));
                    foreach (var image in ImageExtractor.Images(pod))
                    {
                        if (!context.Config.IsExempt(image.Raw, image.Reference?.Normalized))
                        {
                            raw.AddRange(ImageReferenceChecks.Check(ScannedImage.From(image, breakGlass: false, SuppressionContext.None), context));
                        }
                    }
                    var objectMetadata = obj.Root["metadata"] as YamlMapping;
                    foreach (var finding in raw.Where(f => f.Level != FindingLevel.Off))
                    {
                        var suppression = SuppressionFinder.FromComment(source, finding.Span.StartLine, finding.RuleId)
                            ?? SuppressionFinder.FromAnnotations(finding.RuleId, objectMetadata, pod.Metadata);
                        findings.Add(suppression is null ? finding : finding with { Suppression = suppression });
                    }
                }
            }
            if (parsed.Error is { } error)
            {
                findings.Add(new Finding
                {
                    RuleId = RuleIds.ManifestParseError,
                    Level = context.LevelOf(RuleIds.ManifestParseError),
                    Message = $"not valid YAML or JSON: {error.Message}; the rest of this file was not checked",
                    File = source.DisplayPath,
                    Span = SourceSpan.At(error.Line, error.Column),
                });
            }
            var lines = new Dictionary<int, string>();
            foreach (var finding in findings)
            {
                lines.TryAdd(finding.Span.StartLine, source.Line(finding.Span.StartLine));
            }
            perFile[i] = (findings, lines);
        });
        var all = perFile.SelectMany(f => f.Findings).ToList();
        all.Sort(FindingOrder.Instance);
        watch.Stop();
        process.Refresh();
        var held = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"streaming scan: {watch.Elapsed.TotalMilliseconds:F0} ms wall, {(process.TotalProcessorTime - cpu).TotalMilliseconds:F0} ms CPU, {process.PeakWorkingSet64 / 1e6:F0} MB peak working set, {held / 1e6:F1} MB live after; {all.Count} findings"));
        Console.WriteLine($"findings digest {Digest(all)}");
        GC.KeepAlive(perFile);
    }

    private static string Digest(IEnumerable<Finding> findings)
    {
        var text = string.Join('\n', findings.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.StableKey}|{f.Span}|{f.Level}|{f.Message}|{f.Suppression}")));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }
}
