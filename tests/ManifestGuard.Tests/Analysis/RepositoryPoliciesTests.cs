using ManifestGuard.Analysis;
using ManifestGuard.Rules;
using ManifestGuard.Tests.Cli;
using ManifestGuard.Tests.Integrations;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Analysis;

/// <summary>Policy objects anywhere in the repository apply to whatever PATHs a command is given.</summary>
public sealed class RepositoryPoliciesTests : IDisposable
{
    private readonly TempDirectory _repo = new();

    public void Dispose() => _repo.Dispose();

    internal const string AcmeSigned = """
        apiVersion: config.openshift.io/v1
        kind: ClusterImagePolicy
        metadata:
          name: acme-signed
        spec:
          scopes:
          - quay.io/acme
          policy:
            rootOfTrust:
              policyType: PublicKey
              publicKey:
                keyData: LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0KTUZrd0V3WUhLb1pJemowQ0FRWUlLb1pJemowREFRY0RRZ0FFUlJ1c1laZWpDdGlmZWdNY3NTa3NJeEl5NkpFVgprMzdSZ2hUeElJZ1hFNm1iUlNKZUI5bGdRUlpVWThNb0VIVUtYOHZYSWpZRXRQcC9KOFZjTGR6SVNRPT0KLS0tLS1FTkQgUFVCTElDIEtFWS0tLS0tCg==

        """;

    /// <summary>
    /// A ClusterImagePolicy whose scope the platform refuses (upper-case path): MG304 where it is written.
    /// </summary>
    private const string InvalidScope = """
        apiVersion: config.openshift.io/v1
        kind: ClusterImagePolicy
        metadata:
          name: broken
        spec:
          scopes:
          - quay.io/Acme
          policy:
            rootOfTrust:
              policyType: PublicKey
              publicKey:
                keyData: LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0KTUZrd0V3WUhLb1pJemowQ0FRWUlLb1pJemowREFRY0RRZ0FFUlJ1c1laZWpDdGlmZWdNY3NTa3NJeEl5NkpFVgprMzdSZ2hUeElJZ1hFNm1iUlNKZUI5bGdRUlpVWThNb0VIVUtYOHZYSWpZRXRQcC9KOFZjTGR6SVNRPT0KLS0tLS1FTkQgUFVCTElDIEtFWS0tLS0tCg==

        """;

    internal const string Payments = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: payments
        spec:
          template:
            spec:
              containers:
              - name: payments
                image: quay.io/acme/payments:2.3.1

        """;

    private static ScanResult Check(string path, string currentDirectory)
    {
        var plan = ScanPlan.Prepare([path], null, currentDirectory);
        return new ManifestScanner(plan.Config, RuleCatalog.Default)
            {
                RepositoryPolicies = RepositoryPolicies.Gather(plan),
            }
            .Scan(plan.Inputs, plan.RootDirectory);
    }

    private static List<string> Lines(ScanResult result, string file) =>
        [.. result.Findings
            .Where(f => f.File == file)
            .Select(f => $"{f.File}:{f.Span.StartLine}:{f.Span.StartColumn} {f.RuleId} {f.Message}")];

    private void GitRepository()
    {
        PreCommitFixture.Git(_repo.Path, "init", "-q");
    }

    [Fact]
    public void Checking_the_example_manifest_from_its_folder_reports_the_policy_errors_of_a_full_check()
    {
        var examples = RepositoryRoot.Combine("examples");

        var one = CliRunner.Run(examples, null, "check", "apps/policy-demo/payments.yaml");
        var full = CliRunner.Run(RepositoryRoot.Path, null, "check", "examples");

        Assert.Equal(1, one.ExitCode);
        static List<string> PaymentsLines(string output) =>
            [.. output.Split('\n')
                .Where(l => l.StartsWith("examples/apps/policy-demo/payments.yaml:", StringComparison.Ordinal))];
        Assert.Equal(2, PaymentsLines(one.Stdout).Count(l => l.Contains(" error MG301 ", StringComparison.Ordinal)));
        Assert.Equal(PaymentsLines(full.Stdout), PaymentsLines(one.Stdout));
        // The policy files themselves were read, not checked: their findings (MG303 in imagepolicy.yaml)
        // are not reported.
        Assert.DoesNotContain("examples/cluster-policy/", one.Stdout, StringComparison.Ordinal);
        Assert.Contains("examples/cluster-policy/imagepolicy.yaml", full.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void A_policy_in_another_folder_applies_once_whether_one_file_or_the_whole_repository_is_checked()
    {
        GitRepository();
        _repo.Write("cluster/acme.yaml", AcmeSigned);
        _repo.Write("apps/payments.yaml", Payments);

        var one = Check("apps/payments.yaml", _repo.Path);
        var whole = Check(".", _repo.Path);
        var folder = Check("apps", _repo.Path);

        var expected = Lines(whole, "apps/payments.yaml");
        Assert.Single(expected, l => l.Contains(" MG301 ", StringComparison.Ordinal));
        Assert.Equal(expected, Lines(one, "apps/payments.yaml"));
        Assert.Equal(expected, Lines(folder, "apps/payments.yaml"));
        Assert.Empty(RepositoryPolicies.Gather(ScanPlan.Prepare(["."], null, _repo.Path)).Documents);
        Assert.Single(RepositoryPolicies.Gather(ScanPlan.Prepare(["apps"], null, _repo.Path)).Documents);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void Problems_of_a_policy_outside_the_paths_are_not_reported_but_a_full_check_reports_them()
    {
        GitRepository();
        _repo.Write("cluster/acme.yaml", AcmeSigned);
        _repo.Write("cluster/broken.yaml", InvalidScope);
        _repo.Write("apps/payments.yaml", Payments);

        var one = Check("apps/payments.yaml", _repo.Path);
        var whole = Check(".", _repo.Path);

        Assert.Contains(whole.Findings, f => f.File == "cluster/broken.yaml" && f.RuleId == RuleIds.InvalidImagePolicy);
        Assert.All(one.Findings, f => Assert.Equal("apps/payments.yaml", f.File));
        Assert.Contains(one.Findings, f => f.RuleId == RuleIds.DigestRequiredByPolicy);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void Only_policy_documents_are_gathered_and_excluded_files_are_not_read()
    {
        GitRepository();
        _repo.Write(".manifestguard.yaml", "exclude: [\"vendor/**\"]\n");
        _repo.Write("cluster/all.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n---\n" + AcmeSigned
            + "---\napiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: s}\n---\n" + Payments);
        _repo.Write("vendor/other.yaml", AcmeSigned.Replace("quay.io/acme", "ghcr.io/vendor", StringComparison.Ordinal));
        _repo.Write("cluster/broken.yaml", "kind: ClusterImagePolicy\nspec: [\n");
        _repo.Write("apps/payments.yaml", Payments);

        var gathered = RepositoryPolicies.Gather(ScanPlan.Prepare(["apps/payments.yaml"], null, _repo.Path));

        var document = Assert.Single(gathered.Documents);
        Assert.Equal("cluster/all.yaml", document.File);
        Assert.Equal("ClusterImagePolicy", document.Root.ScalarAt("kind"));
    }

    [Fact]
    public void Outside_git_the_folder_of_the_configuration_is_the_repository()
    {
        _repo.Write("gitops/.manifestguard.yaml", "rules: {MG101: off}\n");
        _repo.Write("gitops/cluster/acme.yaml", AcmeSigned);
        _repo.Write("gitops/apps/payments.yaml", Payments);
        _repo.Write("elsewhere/acme.yaml", AcmeSigned.Replace("acme-signed", "elsewhere", StringComparison.Ordinal));

        var plan = ScanPlan.Prepare(["gitops/apps/payments.yaml"], null, _repo.Path);
        var gathered = RepositoryPolicies.Gather(plan);

        Assert.Equal(_repo.Combine("gitops"), plan.Repository);
        Assert.Equal(["gitops/cluster/acme.yaml"], gathered.Documents.Select(d => d.File));
        Assert.Null(ScanPlan.Prepare(["elsewhere/acme.yaml"], null, _repo.Path).Repository);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void In_git_a_configuration_in_a_subfolder_bounds_the_repository_to_that_folder()
    {
        GitRepository();
        _repo.Write("deploy/.manifestguard.yaml", "rules: {MG101: off}\n");
        _repo.Write("deploy/apps/payments.yaml", Payments);
        _repo.Write("tests/data/acme.yaml", AcmeSigned);

        Assert.Equal(_repo.Combine("deploy"), ScanPlan.Prepare(["deploy/apps/payments.yaml"], null, _repo.Path).Repository);
        Assert.Equal(_repo.Path, ScanPlan.Prepare(["tests/data/acme.yaml"], null, _repo.Path).Repository);
        Assert.Empty(Check("deploy/apps/payments.yaml", _repo.Path).Findings);
    }

    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void A_policy_in_a_git_ignored_folder_applies_only_when_respectGitIgnore_is_off()
    {
        GitRepository();
        _repo.Write(".gitignore", "/build/\n");
        _repo.Write("build/acme.yaml", AcmeSigned);
        _repo.Write("apps/payments.yaml", Payments);

        var respecting = RepositoryPolicies.Gather(ScanPlan.Prepare(["apps/payments.yaml"], null, _repo.Path));
        _repo.Write(".manifestguard.yaml", "respectGitIgnore: false\n");
        var notRespecting = RepositoryPolicies.Gather(ScanPlan.Prepare(["apps/payments.yaml"], null, _repo.Path));

        Assert.Empty(respecting.Documents);
        Assert.Equal(["build/acme.yaml"], notRespecting.Documents.Select(d => d.File));
    }

    /// <summary>
    /// The policy fixtures (examples/, the MachineConfig test data, and policies written in JSON, flow style,
    /// with quoted kinds, and as a Butane config): gathering only the texts that name a policy kind builds the
    /// same documents, and a check of one file gives the same findings, as parsing every file.
    /// </summary>
    [Fact]
    [Trait(Requires.Trait, Requires.Git)]
    public void Parsing_only_texts_that_name_a_policy_kind_gathers_the_same_policies_as_parsing_every_file()
    {
        GitRepository();
        var examples = RepositoryRoot.Combine("examples");
        foreach (var file in Directory.EnumerateFiles(examples, "*", SearchOption.AllDirectories))
        {
            _repo.Write("examples/" + Path.GetRelativePath(examples, file).Replace('\\', '/'), File.ReadAllText(file));
        }
        var nodes = Path.Combine(AppContext.BaseDirectory, "TestData", "Policies");
        foreach (var file in Directory.EnumerateFiles(nodes))
        {
            _repo.Write("nodes/" + Path.GetFileName(file), File.ReadAllText(file));
        }
        _repo.Write("written/json.json", """
            {"apiVersion": "config.openshift.io/v1", "kind": "ClusterImagePolicy", "metadata": {"name": "json"},
             "spec": {"scopes": ["ghcr.io/json"], "policy": {"rootOfTrust": {"policyType": "PublicKey",
             "publicKey": {"keyData": "bm90IGEga2V5"}}}}}
            """);
        _repo.Write("written/flow.yaml", "{apiVersion: config.openshift.io/v1, kind: ImagePolicy,"
            + " metadata: {name: flow, namespace: a},"
            + " spec: {scopes: [Ghcr.io/flow], policy: {rootOfTrust: {policyType: PublicKey}}}}\n");
        _repo.Write("written/quoted.yaml", AcmeSigned
            .Replace("kind: ClusterImagePolicy", "'kind': \"ClusterImagePolicy\"", StringComparison.Ordinal)
            .Replace("acme-signed", "quoted", StringComparison.Ordinal));
        _repo.Write("written/butane.yaml", "variant: openshift\nversion: 4.16.0\nmetadata:\n  name: policy\n"
            + "  labels:\n    machineconfiguration.openshift.io/role: worker\nstorage:\n  files:\n"
            + "  - path: /etc/containers/policy.json\n"
            + "    contents:\n      inline: '{\"default\": [{\"type\": \"reject\"}]}'\n");
        _repo.Write(
            "apps/payments.yaml",
            Payments.Replace("quay.io/acme/payments", "ghcr.io/json/app", StringComparison.Ordinal));
        var plan = ScanPlan.Prepare(["apps/payments.yaml"], null, _repo.Path);

        var checkedText = RepositoryPolicies.Gather(plan);
        var parsedAll = RepositoryPolicies.Gather(plan, parseEveryFile: true);
        ScanResult Scan(RepositoryPolicies policies) =>
            new ManifestScanner(plan.Config, RuleCatalog.Default) { RepositoryPolicies = policies }.Scan(plan);

        static List<string> Documents(RepositoryPolicies policies) =>
            [.. policies.Documents.Select(d => $"{d.File}:{d.Root.Span.StartLine} {d.Root.ScalarAt("kind")}")];
        Assert.Equal(Documents(parsedAll), Documents(checkedText));
        string[] expected =
        [
            "written/json.json", "written/flow.yaml", "written/quoted.yaml", "written/butane.yaml",
            "nodes/machineconfig-worker-rh-registry-trust.yaml", "examples/cluster-policy/clusterimagepolicy.yaml",
        ];
        foreach (var file in expected)
        {
            Assert.Contains(checkedText.Documents, d => d.File == file);
        }
        Assert.Equal(Lines(Scan(parsedAll), "apps/payments.yaml"), Lines(Scan(checkedText), "apps/payments.yaml"));
        Assert.NotEmpty(Lines(Scan(checkedText), "apps/payments.yaml"));
        // The pre-check does leave files out: a workload, and an ImageStream (not built outside the PATHs).
        Assert.False(RepositoryPolicies.MayHoldPolicy(Payments));
        Assert.False(RepositoryPolicies.MayHoldPolicy("kind: ImageStream\nmetadata: {name: s}\n"));
    }
}
