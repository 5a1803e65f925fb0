using ManifestGuard.Policies;
using ManifestGuard.Policies.OpenShift3;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Policies.OpenShift3;

/// <summary>
/// The registry whitelister of `allowedRegistriesForImport` (origin pkg/image/apis/image/validation/whitelist)
/// as a user meets it: which imports it refuses, with the platform's message, and how it reads its rules.
/// </summary>
public sealed class AllowedRegistriesForImportMutationTests
{
    private const string Source = "master-config.yaml imagePolicyConfig.allowedRegistriesForImport";

    private static (AllowedRegistriesForImport Rules, List<PolicyProblem> Problems) Read(string yaml, string? internalRegistry = null)
    {
        var parsed = YamlDocumentParser.Parse(yaml);
        Assert.Null(parsed.Error);
        var problems = new List<PolicyProblem>();
        var rules = AllowedRegistriesForImport.Read(Assert.IsType<YamlSequence>(parsed.Documents[0]), internalRegistry, "master-config.yaml", Source, problems);
        return (rules, problems);
    }

    [Theory]
    // written registry, insecure import, the platform's denial (null: admitted)
    [InlineData("quay.io", false, null)]
    [InlineData("quay.io:443", false, null)]
    [InlineData("quay.io:5000", false, "registry \"quay.io:5000\" not allowed by whitelist: \"quay.io:443\", \"insecure.example.com:80\", \"docker.io:443\"")]
    [InlineData("quay.io", true, null)]
    [InlineData("insecure.example.com", false, "registry \"insecure.example.com\" not allowed by whitelist: \"quay.io:443\", \"insecure.example.com:80\", \"docker.io:443\"")]
    [InlineData("insecure.example.com", true, null)]
    [InlineData("insecure.example.com:80", false, null)]
    [InlineData("", false, null)]
    [InlineData("", true, null)]
    [InlineData("docker.io", false, null)]
    [InlineData("index.docker.io", false, null)]
    [InlineData("registry-1.docker.io", false, null)]
    [InlineData("registry-1.docker.io", true, null)]
    [InlineData("index.docker.io:5000", true, "registry \"index.docker.io:5000\" not allowed by whitelist: \"quay.io:443\", \"insecure.example.com:80\", \"docker.io:443\"")]
    [InlineData("other.example.com", true, "registry \"other.example.com\" not allowed by whitelist: \"quay.io:443\", \"insecure.example.com:80\", \"docker.io:443\"")]
    public void Admits_by_host_and_port_with_the_default_port_of_the_transport(string written, bool insecure, string? denial)
    {
        var (rules, problems) = Read("- domainName: quay.io\n- domainName: insecure.example.com\n  insecure: true\n- domainName: docker.io\n");

        Assert.Empty(problems);
        Assert.Equal(denial, rules.Admit(written, insecure));
    }

    [Fact]
    public void An_insecure_import_without_a_registry_is_named_as_docker_io()
    {
        var (rules, _) = Read("- domainName: quay.io:5000\n");

        Assert.Equal("registry \"docker.io\" not allowed by whitelist: \"quay.io:5000\"", rules.Admit("", insecure: true));
        Assert.Equal("registry \"docker.io:443\" not allowed by whitelist: \"quay.io:5000\"", rules.Admit("", insecure: false));
    }

    [Fact]
    public void An_empty_whitelist_refuses_everything_and_says_so()
    {
        var (rules, _) = Read("[]\n");

        Assert.Equal("registry \"quay.io\" not allowed by empty whitelist", rules.Admit("quay.io", insecure: false));
        Assert.Equal(Source + ":", rules.ToString());
    }

    [Fact]
    public void The_integrated_registry_is_always_allowed_and_listed_first_once()
    {
        var (rules, _) = Read("- domainName: quay.io\n- domainName: image-registry.svc:5000\n", "image-registry.svc:5000");
        var (added, _) = Read("- domainName: quay.io\n", "image-registry.svc:5000");

        Assert.Equal($"{Source}: quay.io:443 image-registry.svc:5000", rules.ToString());
        Assert.Equal($"{Source}: image-registry.svc:5000 quay.io:443", added.ToString());
        Assert.Null(added.Admit("image-registry.svc:5000", insecure: false));
    }

    [Fact]
    public void Rules_that_are_the_same_are_listed_once()
    {
        var (rules, _) = Read("- domainName: quay.io\n- domainName: quay.io:443\n- domainName: quay.io\n  insecure: true\n");

        Assert.Equal($"{Source}: quay.io:443 quay.io:80", rules.ToString());
    }

    [Fact]
    public void Entries_it_cannot_read_are_MG304_where_they_are_written()
    {
        var (rules, problems) = Read("- insecure: true\n- domainName: a:b:c\n- domainName: quay.io\n");

        Assert.Equal(
            [
                ("MG304", $"{Source}: each entry needs a domainName", 1, 3),
                ("MG304", $"{Source}: failed to parse allowed registry \"a:b:c\": too many colons", 2, 15),
            ],
            problems.Select(p => (p.RuleId, p.Message, p.Span.StartLine, p.Span.StartColumn)));
        Assert.All(problems, p => Assert.Equal(("master-config.yaml", Source, (global::ManifestGuard.Findings.FindingLevel?)null), (p.File, p.Policy, p.Level)));
        Assert.Equal($"{Source}: quay.io:443", rules.ToString());
    }

    [Fact]
    public void Five_rules_are_all_listed_and_six_are_four_and_a_count()
    {
        var five = Read(string.Concat(Enumerable.Range(1, 5).Select(i => $"- domainName: r{i}.io\n"))).Rules;
        var six = Read(string.Concat(Enumerable.Range(1, 6).Select(i => $"- domainName: r{i}.io\n"))).Rules;

        Assert.Equal(
            "registry \"x.io\" not allowed by whitelist: \"r1.io:443\", \"r2.io:443\", \"r3.io:443\", \"r4.io:443\", \"r5.io:443\"",
            five.Admit("x.io", insecure: false));
        Assert.Equal(
            "registry \"x.io\" not allowed by whitelist: \"r1.io:443\", \"r2.io:443\", \"r3.io:443\", \"r4.io:443\", and 2 more ...",
            six.Admit("x.io", insecure: false));
    }

    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "*", true)]
    [InlineData("", "?", false)]
    [InlineData("a", "", false)]
    [InlineData("x", "?", true)]
    [InlineData("abc", "a?c", true)]
    [InlineData("ac", "a?c", false)]
    [InlineData("abc", "a*c", true)]
    [InlineData("ac", "a*c", true)]
    [InlineData("abd", "a*c", false)]
    [InlineData("a.b.example.com", "*.example.com", true)]
    [InlineData("example.com", "*.example.com", false)]
    [InlineData("abc", "*b", false)]
    [InlineData("ab", "**", true)]
    [InlineData("ab", "ab*", true)]
    [InlineData("5000", "50?0", true)]
    public void Wildcards_match_the_whole_string(string text, string pattern, bool matches) =>
        Assert.Equal(matches, AllowedRegistriesForImport.IsWildcardMatch(text, pattern));

    [Fact]
    public void An_insecure_import_without_a_port_is_admitted_by_a_rule_on_any_port_glob()
    {
        var (star, _) = Read("- domainName: \"quay.io:*\"\n");
        var (other, _) = Read("- domainName: \"quay.io:5000\"\n");

        Assert.Null(star.Admit("quay.io", insecure: true));
        Assert.NotNull(other.Admit("quay.io", insecure: true));
        Assert.Null(other.Admit("quay.io:5000", insecure: true));
    }

    [Fact]
    public void An_integrated_registry_without_a_port_is_on_443()
    {
        var (rules, _) = Read("- domainName: quay.io\n", "image-registry.svc");

        Assert.Equal($"{Source}: image-registry.svc:443 quay.io:443", rules.ToString());
        Assert.Null(rules.Admit("image-registry.svc", insecure: false));
    }

    [Fact]
    public void An_insecure_transport_takes_port_80_for_a_reference_without_one()
    {
        var (rules, _) = Read("- domainName: quay.io\n- domainName: insecure.example.com\n  insecure: true\n");

        Assert.Equal(
            "registry \"quay.io\" not allowed by whitelist: \"quay.io:443\", \"insecure.example.com:80\"",
            rules.Admit("quay.io", ImportTransport.Insecure));
        Assert.Null(rules.Admit("insecure.example.com", ImportTransport.Insecure));
        Assert.Null(rules.Admit("quay.io", ImportTransport.Secure));
    }

    [Theory]
    // Docker Hub's names reach the whitelister as its API host, registry-1.docker.io.
    [InlineData("docker.io")]
    [InlineData("index.docker.io")]
    [InlineData("registry-1.docker.io")]
    public void Docker_Hub_names_are_checked_as_its_API_host(string written)
    {
        var (rules, _) = Read("- domainName: registry-1.docker.io\n");

        Assert.Null(rules.Admit(written, insecure: false));
    }

    [Theory]
    // Without a port, only a rule on 80, 443 or `*` admits an insecure import; another port glob does not.
    [InlineData("quay.io:80", true)]
    [InlineData("quay.io:*", true)]
    [InlineData("quay.io:**", false)]
    [InlineData("quay.io:8?", false)]
    public void A_port_less_insecure_import_is_admitted_by_a_rule_on_80_443_or_any_port(string rule, bool admitted)
    {
        var (rules, _) = Read($"- domainName: \"{rule}\"\n");

        Assert.Equal(admitted, rules.Admit("quay.io", insecure: true) is null);
    }
}
