using ManifestGuard.Configuration;
using ManifestGuard.Findings;
using ManifestGuard.Policies;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.Oke;

public sealed class OkeTests
{
    /// <summary>The settings as the configuration file holds them, under `oke:`.</summary>
    private static OkeSettings Settings(string yaml)
    {
        var indented = string.Concat(yaml.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"  {line}\n"));
        return ConfigLoader.Parse("oke:\n" + indented, ".manifestguard.yaml").Oke!;
    }

    private const string OneKey = "enabled: true\nkeyIds: [ocid1.key.oc1.iad.example]\n";

    // OKE "Enforcing the Use of Signed Images from Registry": images from OCIR must be referenced by digest.
    [Theory]
    [InlineData("iad.ocir.io/tenancy/app:1.0", false, "MG301")]
    [InlineData("iad.ocir.io/tenancy/app@sha256:0123456789012345678901234567890123456789012345678901234567890123", false, "")]
    [InlineData("iad.ocir.io/tenancy/app:1.0", true, "")]
    [InlineData("quay.io/tenancy/app:1.0", false, "")]
    [InlineData("ocir.io/tenancy/app:1.0", false, "")]
    public void Covered_registries_need_a_digest(string image, bool breakGlass, string expected)
    {
        var set = PolicySet.Load([], [], Settings(OneKey));
        Assert.Empty(set.Problems);
        Assert.Equal(expected, RuleIds(set, Use(image, breakGlass: breakGlass)));
    }

    [Fact]
    public void Registries_can_be_configured()
    {
        var set = PolicySet.Load([], [], Settings(OneKey + "registries: [registry.example.com/team]\n"));
        Assert.Equal("MG301", RuleIds(set, Use("registry.example.com/team/app:1")));
        Assert.Equal("", RuleIds(set, Use("iad.ocir.io/tenancy/app:1.0")));
    }

    [Fact]
    public void More_than_five_keys_is_invalid_and_no_key_is_a_warning()
    {
        var six = PolicySet.Load([], [], Settings("enabled: true\nkeyIds: [k1, k2, k3, k4, k5, k6]\n"));
        Assert.Equal("MG304", Assert.Single(six.Problems).RuleId);
        Assert.Null(six.Problems[0].Level);

        var none = PolicySet.Load([], [], Settings("enabled: true\n"));
        Assert.Equal(FindingLevel.Warning, Assert.Single(none.Problems).Level);
        Assert.Equal("", RuleIds(none, Use("iad.ocir.io/tenancy/app:1.0")));

        var disabled = PolicySet.Load([], [], Settings("enabled: false\nkeyIds: [k1]\n"));
        Assert.True(disabled.IsEmpty);
    }

    [Theory]
    [InlineData("enabled: yes-please\n", "oke.enabled: \"yes-please\" is not true or false", 2)]
    [InlineData("enabled: true\nkeys: [k]\n", "unknown key \"oke.keys\"", 3)]
    [InlineData("registries: [\"bad host!\"]\n", "oke.registries", 2)]
    public void Bad_settings_are_configuration_errors(string yaml, string error, int line)
    {
        var e = Assert.Throws<ConfigurationException>(() => Settings(yaml));
        Assert.Contains(error, e.Message, StringComparison.Ordinal);
        Assert.Equal(line, e.Line);
    }
}
