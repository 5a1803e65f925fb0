using System.Globalization;
using ManifestGuard.Analysis;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Analysis;

public sealed class ManifestScannerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Render(Finding f) =>
        string.Join(" | ", f.File, f.Span.ToString(), f.Span.EndLine.ToString(CultureInfo.InvariantCulture), f.Span.EndColumn.ToString(CultureInfo.InvariantCulture),
            f.RuleId, f.Level.Name(), f.Message, f.Resource?.ToString(), f.Field, f.Image, f.Suppression?.Justification);

    private static ScanResult Scan(ScanPlan plan, int parallelism, SourceText? stdin = null) =>
        new ManifestScanner(plan.Config, RuleCatalog.Default) { MaxParallelism = parallelism }.Scan(plan.Inputs, plan.RootDirectory, stdin);

    private static string Workload(int i) => (i % 4) switch
    {
        0 => $"apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-{i}\nspec:\n  containers:\n    - name: app\n      image: nginx:{i}.0\n",
        1 => $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deploy-{i}\nspec:\n  template:\n    metadata:\n      annotations:\n        oracle.image-policy.k8s.io/break-glass: \"true\"\n    spec:\n      initContainers:\n        - name: init\n          image: busybox\n      containers:\n        - name: app\n          image: evil.example.com/app-{i}:latest # manifestguard:ignore MG102\n",
        2 => $"---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: cron-{i}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: job\n              image: registry.example.com/Job:{i}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: second-{i}\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app@sha256:{new string('a', 64)}\n",
        _ => $"{{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [{{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {{\"name\": \"in-list-{i}\"}}, \"spec\": {{\"containers\": [{{\"name\": \"a\", \"image\": \"nginx:latest\"}}]}}}}]}}\n",
    };

    [Fact]
    public void A_parallel_scan_and_a_sequential_scan_of_the_same_files_give_identical_findings()
    {
        _dir.Write(".manifestguard.yaml", "registries:\n  allowed: [registry.example.com, nginx, busybox]\n");
        // Created in an order unrelated to their names, so neither creation nor directory order can pass for report order.
        foreach (var i in Enumerable.Range(0, 80).OrderBy(i => (i * 37) % 80))
        {
            var extension = i % 4 == 3 ? "json" : "yaml";
            _dir.Write($"apps/team-{i % 7}/file-{i}.{extension}", Workload(i));
        }
        _dir.Write("apps/team-3/broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n");

        var plan = ScanPlan.Prepare([_dir.Path], null, _dir.Path);
        var sequential = Scan(plan, 1);
        var parallel = Scan(plan, 2);

        Assert.Equal(81, plan.Inputs.Count(i => i.DisplayPath.StartsWith("apps/", StringComparison.Ordinal)));
        Assert.Equal(plan.Inputs.Count, sequential.FilesScanned);
        Assert.True(sequential.Findings.Count > 120, $"only {sequential.Findings.Count} findings");
        Assert.Equal(sequential.Findings.Select(Render), parallel.Findings.Select(Render));
        Assert.Equal(sequential.Images.Select(i => i.File + ":" + i.Field), parallel.Images.Select(i => i.File + ":" + i.Field));
        Assert.Equal(sequential.Findings.OrderBy(f => f, FindingOrder.Instance).Select(Render), sequential.Findings.Select(Render));
        foreach (var rule in new[] { "MG101", "MG102", "MG103", "MG201", "MG401", "MG901" })
        {
            Assert.Contains(sequential.Findings, f => f.RuleId == rule);
        }
        Assert.Contains(sequential.Findings, f => f.IsSuppressed);
    }

    /// <summary>
    /// The scan builds only the documents it reads (<see cref="ManifestScanner.ReadDocuments"/>); the rest
    /// is checked to parse. The findings must be those of a scan that builds every document.
    /// </summary>
    [Fact]
    public void Leaving_out_documents_the_scan_does_not_read_changes_no_finding()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "examples"), "*.*", SearchOption.AllDirectories))
        {
            _dir.Write("examples/" + Path.GetRelativePath(Path.Combine(RepositoryRoot.Path, "examples"), file).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText(file));
        }
        foreach (var i in Enumerable.Range(0, 12))
        {
            _dir.Write($"apps/file-{i}.{(i % 4 == 3 ? "json" : "yaml")}", Workload(i));
        }
        const string Crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: apps.example.com\nspec:\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n        properties:\n          image: {type: string, default: \"nginx:latest\"}\n";
        _dir.Write("crds/app.yaml", Crd + "---\n" + Workload(0));
        // Kinds the scan does not read, which still carry what it looks for: a custom pod template after
        // the kind, and a Butane config with a policy.json.
        _dir.Write("custom/template-after-kind.yaml", "apiVersion: example.com/v1\nkind: Service\nmetadata:\n  name: custom\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n      - name: a\n        image: nginx:latest\n");
        _dir.Write("custom/butane.yaml", "kind: Config\nvariant: openshift\nversion: 4.16.0\nmetadata:\n  name: policy\n  labels:\n    machineconfiguration.openshift.io/role: worker\nstorage:\n  files:\n  - path: /etc/containers/policy.json\n    contents:\n      inline: '{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": {\"registry.example.com\": [{\"type\": \"insecureAcceptAnything\"}]}}}'\n");
        // Broken and duplicate keys inside a document that is not read are still reported where they are.
        _dir.Write("crds/broken.yaml", "kind: CustomResourceDefinition\nspec:\n  names: {kind: App\n");
        _dir.Write("crds/duplicate.yaml", "kind: CustomResourceDefinition\nspec:\n  group: a\n  group: b\n");

        var plan = ScanPlan.Prepare([_dir.Path], null, _dir.Path);
        var everyDocument = new ManifestScanner(plan.Config, RuleCatalog.Default) { ReadsEveryDocument = true }.Scan(plan.Inputs, plan.RootDirectory);
        var scanDocuments = new ManifestScanner(plan.Config, RuleCatalog.Default).Scan(plan.Inputs, plan.RootDirectory);

        Assert.Equal(everyDocument.Findings.Select(Render), scanDocuments.Findings.Select(Render));
        Assert.Equal(everyDocument.Images.Select(i => i.File + ":" + i.Field), scanDocuments.Images.Select(i => i.File + ":" + i.Field));
        Assert.Contains(scanDocuments.Images, i => i.File == "custom/template-after-kind.yaml");
        Assert.Contains(scanDocuments.Findings, f => f.File.StartsWith("examples/", StringComparison.Ordinal) && f.RuleId.StartsWith("MG3", StringComparison.Ordinal));
        Assert.Contains(scanDocuments.Findings, f => f.File == "crds/broken.yaml" && f.RuleId == RuleIds.ManifestParseError);
        Assert.Contains(scanDocuments.Findings, f => f.File == "crds/duplicate.yaml" && f.RuleId == RuleIds.ManifestParseError && f.Span.StartLine == 4);
    }

    private ScanPlan MixedFolder()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "TestData", "Analysis", "mixed");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            _dir.Write(Path.GetRelativePath(source, file).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText(file));
        }
        return ScanPlan.Prepare(["."], null, _dir.Path);
    }

    [Fact]
    public void An_unparsable_file_gives_one_MG901_at_its_position_and_the_other_files_are_still_checked()
    {
        var plan = MixedFolder();

        var result = Scan(plan, 2);

        Assert.Equal(["apps/deployment.yaml", "broken.yaml", "zz-last.json"], plan.Inputs.Select(i => i.DisplayPath).Where(p => p != ".manifestguard.yaml"));
        var parseError = Assert.Single(result.Findings, f => f.RuleId == RuleIds.ManifestParseError);
        Assert.Equal("broken.yaml", parseError.File);
        Assert.Equal(FindingLevel.Error, parseError.Level);
        Assert.Equal((15, 1), (parseError.Span.StartLine, parseError.Span.StartColumn));
        Assert.Contains("not valid YAML or JSON", parseError.Message, StringComparison.Ordinal);
        // The documents before the break are checked; the broken one is not.
        Assert.Equal(
            ["MG102"],
            result.Findings.Where(f => f.File == "broken.yaml" && f.RuleId != RuleIds.ManifestParseError).Select(f => f.RuleId));
        Assert.All(result.Findings.Where(f => f.File == "broken.yaml" && f.Resource is not null), f => Assert.Equal("Pod/before-the-break", f.Resource?.ToString()));
        // The files on either side of it are checked with the configuration found beside them.
        Assert.Contains(result.Findings, f => f.File == "apps/deployment.yaml" && f.RuleId == RuleIds.RegistryNotAllowed && f.Span.StartLine == 10);
        Assert.Contains(result.Findings, f => f.File == "zz-last.json" && f.RuleId == RuleIds.ImageLatestTag && f.Span.StartLine == 5);
        Assert.True(result.Sources.ContainsKey("broken.yaml"));
    }

    [Fact]
    public void MG901_set_to_off_hides_parse_errors_but_keeps_what_parsed()
    {
        _dir.Write(".manifestguard.yaml", "rules:\n  MG901: off\n");
        _dir.Write("broken.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: nginx:1.25\n---\n: :\n  - [\n");

        var result = Scan(ScanPlan.Prepare(["."], null, _dir.Path), 1);

        Assert.Equal(["MG101"], result.Findings.Select(f => f.RuleId));
    }

    [Fact]
    public void Stdin_is_scanned_after_the_files_and_reported_under_its_own_name()
    {
        _dir.Write("pod.yaml", TestScan.Pod("nginx:1.25"));
        var plan = ScanPlan.Prepare(["-", "pod.yaml"], null, _dir.Path);

        var result = Scan(plan, 2, SourceReader.ReadStdin(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestScan.Pod("busybox:1.36")))));

        Assert.True(plan.ReadsStdin);
        Assert.Equal(2, result.FilesScanned);
        Assert.Equal([SourceText.StdinName, "pod.yaml"], result.Findings.Select(f => f.File));
    }

    [Fact]
    public void The_result_keeps_only_the_lines_reports_quote_not_whole_files()
    {
        var padding = string.Concat(Enumerable.Range(0, 2000).Select(n => $"# filler line {n}\n"));
        _dir.Write("pod.yaml", padding + Workload(0));
        var result = Scan(ScanPlan.Prepare([_dir.Path], null, _dir.Path), 1);

        var finding = result.Findings.First(f => f.RuleId == RuleIds.ImageNotPinned);
        var source = result.Sources["pod.yaml"];
        Assert.Equal("", source.Text);
        Assert.Equal("      image: nginx:0.0", source.Line(finding.Span.StartLine));
        Assert.Equal("", source.Line(1));
    }
}
