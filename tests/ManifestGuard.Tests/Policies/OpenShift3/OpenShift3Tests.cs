using ManifestGuard.Policies.OpenShift3;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.OpenShift3;

public sealed class OpenShift3Tests
{
    // OpenShift 3.11 docs, "Image Policy", Example Configuration of Registries Allowed for Import.
    private const string MasterConfig = """
        kind: MasterConfig
        apiVersion: v1
        imagePolicyConfig:
          allowedRegistriesForImport:
          -
            domainName: registry.access.redhat.com
          -
            domainName: "*.mydomain.com"
            insecure: true
          -
            domainName: local.registry.corp:5000
        admissionConfig:
          pluginConfig:
            openshift.io/ImagePolicy:
              configuration:
                kind: ImagePolicyConfig
                apiVersion: v1
                resolveImages: AttemptRewrite
                executionRules:
                - name: execution-denied
                  onResources:
                  - resource: pods
                  - resource: builds
                  reject: true
                  matchImageAnnotations:
                  - key: images.openshift.io/deny-execution
                    value: "true"
                  skipOnResolutionFailure: true
                - name: allow-images-from-dockerhub
                  onResources:
                  - resource: pods
                  - resource: builds
                  matchRegistries:
                  - docker.io
        """;

    private static string ImageStream(string from, bool insecure) => $"""
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
          namespace: demo
        spec:
          tags:
          - name: v1
            from:
              kind: DockerImage
              name: {from}
            importPolicy:
              insecure: {(insecure ? "true" : "false")}
        """;

    // The documented outcomes: `oc tag --insecure reg.mydomain.com/app:v1` and `oc import-image --from
    // reg1.mydomain.com:80/foo` are whitelisted; `oc tag local.registry.corp/bar` is rejected (port 443 is not 5000).
    [Theory]
    [InlineData("reg.mydomain.com/app:v1", true, null)]
    [InlineData("reg1.mydomain.com:80/foo", false, null)]
    [InlineData("local.registry.corp/bar", false, "registry \"local.registry.corp\" not allowed by whitelist: \"registry.access.redhat.com:443\", \"*.mydomain.com:80\", \"local.registry.corp:5000\"")]
    [InlineData("local.registry.corp:5000/bar", false, null)]
    [InlineData("mydomain.com/app:v1", true, "not allowed by whitelist")]
    [InlineData("reg.mydomain.com/app:v1", false, "not allowed by whitelist")]
    [InlineData("registry.access.redhat.com/rhel7:latest", false, null)]
    [InlineData("registry.access.redhat.com:80/rhel7", false, "not allowed by whitelist")]
    [InlineData("nginx", false, "registry \"docker.io:443\" not allowed by whitelist")]
    public void The_documented_allowed_registries_for_import(string from, bool insecure, string? denial)
    {
        var set = PolicySetWithMasterConfig(ImageStream(from, insecure));
        var imports = set.Problems.Where(p => p.RuleId == "MG302" && p.Level is null).ToList();
        if (denial is null)
        {
            Assert.Empty(imports);
        }
        else
        {
            var problem = Assert.Single(imports);
            Assert.Contains(denial, problem.Message, StringComparison.Ordinal);
            Assert.Contains("spec.tags[v1].from.name: Forbidden", problem.Message, StringComparison.Ordinal);
            Assert.Equal(11, problem.Span.StartLine);
        }
    }

    [Theory]
    [InlineData("docker.io", "docker.io", "443", true)]
    [InlineData("*", "quay.io", "443", true)]
    [InlineData("*", "quay.io", "5000", false)]
    [InlineData("*:*", "quay.io", "5000", true)]
    [InlineData("*.docker.io", "docker.io", "443", false)]
    [InlineData("reg?.example.com", "reg1.example.com", "443", true)]
    [InlineData("reg?.example.com", "reg12.example.com", "443", false)]
    public void Wildcards_match_host_and_port_separately(string rule, string host, string port, bool allowed)
    {
        var text = $"imagePolicyConfig:\n  allowedRegistriesForImport:\n  - domainName: \"{rule}\"\n";
        var set = PolicySetWithMasterConfig(ImageStream($"{host}:{port}/ns/app:v1", false), text);
        Assert.Equal(allowed, !set.Problems.Any(p => p.RuleId == "MG302" && p.Level is null));
    }

    [Fact]
    public void More_than_five_rules_are_listed_as_four_and_a_count()
    {
        var rules = string.Concat(Enumerable.Range(1, 7).Select(i => $"  - domainName: r{i}.example.com\n"));
        var set = PolicySetWithMasterConfig(ImageStream("other.example.com/app:v1", false), "imagePolicyConfig:\n  allowedRegistriesForImport:\n" + rules);
        Assert.Contains(
            "not allowed by whitelist: \"r1.example.com:443\", \"r2.example.com:443\", \"r3.example.com:443\", \"r4.example.com:443\", and 3 more ...",
            Assert.Single(set.Problems).Message,
            StringComparison.Ordinal);
    }

    // "Testing the ImagePolicy Admission Plug-in": with the accept rule for docker.io, a pod from
    // docker.io/openshift/image-policy-check:latest is created and one from different-registry/... is rejected.
    [Theory]
    [InlineData("docker.io/openshift/image-policy-check:latest", "Pod", "v1", "")]
    [InlineData("different-registry/openshift/image-policy-check:latest", "Pod", "v1", "MG302")]
    [InlineData("openshift/image-policy-check:latest", "Pod", "v1", "MG302")]
    [InlineData("quay.io/openshift/image-policy-check:latest", "Pod", "v1", "MG302")]
    [InlineData("quay.io/openshift/image-policy-check:latest", "Deployment", "apps/v1", "")]
    public void The_documented_admission_example(string image, string kind, string apiVersion, string expected)
    {
        var set = PolicySetWithMasterConfig("");
        Assert.Equal(expected, RuleIds(set, Use(image, "demo", kind, apiVersion)));
    }

    [Fact]
    public void Conditions_on_image_metadata_are_reported_as_not_evaluated()
    {
        var set = PolicySetWithMasterConfig("");
        var note = Assert.Single(set.Problems);
        Assert.Equal(global::ManifestGuard.Findings.FindingLevel.Note, note.Level);
        Assert.Contains("\"execution-denied\" is not evaluated", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undecided_accept_rule_gives_no_verdict()
    {
        var config = """
            admissionConfig:
              pluginConfig:
                openshift.io/ImagePolicy:
                  configuration:
                    executionRules:
                    - name: allow-annotated
                      matchImageAnnotations:
                      - key: images.openshift.io/approved
                        value: "true"
            """;
        var set = PolicySetWithMasterConfig("", config);
        Assert.Equal("", RuleIds(set, Use("quay.io/a/b:1", "demo", "Pod", "v1")));
    }

    [Theory]
    [InlineData("Deployment", "apps/v1", "apps", "deployments")]
    [InlineData("DeploymentConfig", "apps.openshift.io/v1", "apps.openshift.io", "deploymentconfigs")]
    [InlineData("Pod", "v1", "", "pods")]
    [InlineData("CronJob", "batch/v1", "batch", "cronjobs")]
    public void Workload_kinds_map_to_admission_resources(string kind, string apiVersion, string group, string resource) =>
        Assert.Equal((group, resource), ExecutionRules.ResourceOf(apiVersion, kind));

    private static ManifestGuard.Policies.PolicySet PolicySetWithMasterConfig(string manifests, string masterConfig = MasterConfig)
    {
        var directory = Directory.CreateTempSubdirectory("mg-policies-");
        var path = Path.Combine(directory.FullName, "master-config.yaml");
        File.WriteAllText(path, masterConfig);
        var documents = manifests.Length == 0 ? [] : Documents(manifests, "apps/imagestream.yaml");
        return ManifestGuard.Policies.PolicySet.Load(documents, [(path, "cluster/master-config.yaml")], null);
    }
}
