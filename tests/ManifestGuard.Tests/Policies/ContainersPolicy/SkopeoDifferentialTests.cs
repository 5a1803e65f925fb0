using ManifestGuard.Tests.TestSupport;
using System.Security.Cryptography;
using System.Text;
using ManifestGuard.Policies;
using ManifestGuard.Tests.Registry;
using Xunit;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.ContainersPolicy;

/// <summary>
/// Our policy.json evaluation against the real enforcer: for each generated policy and each repository of an
/// unsigned image in a local registry, `skopeo copy --policy` succeeds exactly where we find nothing to say
/// (reject and signature requirements reject an unsigned image; insecureAcceptAnything admits; the most specific
/// scope decides which applies).
/// </summary>
[Trait(Requires.Trait, Requires.Registry)]
[Collection(SkopeoPolicyGroup.Name)]
public sealed class SkopeoDifferentialTests
{
    private static readonly string SigstoreKey = Convert.ToBase64String(Encoding.UTF8.GetBytes(NewPublicKey()));

    private readonly RegistryFixture _registry;

    public SkopeoDifferentialTests(RegistryFixture registry) => _registry = registry;

    private static string NewPublicKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    private const string Accept = """[{"type":"insecureAcceptAnything"}]""";
    private const string Reject = """[{"type":"reject"}]""";

    /// <summary>Policies with `{R}` for the registry's host:port: (default, docker transport scopes).</summary>
    public static TheoryData<string, string> Policies => new()
    {
        { Reject, "" },
        { Accept, "" },
        { Reject, $$"""{{"\""}}{R}/team": {{Accept}}""" },
        { Accept, $$"""{{"\""}}{R}/team/app": {{Reject}}, "{R}/team": {{Accept}}""" },
        { Accept, $$"""{{"\""}}{R}/team/app:1.0": {{Reject}}""" },
        { Accept, $$"""{{"\""}}{R}/team/app:2.0": {{Reject}}""" },
        { Reject, $$"""{{"\""}}": {{Accept}}""" },
        { Accept, $$"""{{"\""}}*.0.0.1": {{Reject}}, "{R}/team": {{Accept}}""" },
        { Reject, $$"""{{"\""}}*.0.1": {{Accept}}, "*.1": {{Reject}}""" },
        { Accept, $$"""{{"\""}}{R}": [{"type":"sigstoreSigned","keyData":"KEY"}], "{R}/elsewhere": {{Accept}}""" },
        { Accept, $$"""{{"\""}}{R}/team": [{"type":"signedBy","keyType":"GPGKeys","keyPath":"/nonexistent/key.gpg"}]""" },
        { Accept, $$"""{{"\""}}{R}/team": [{"type":"insecureAcceptAnything"},{"type":"reject"}]""" },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public async Task Skopeo_admits_exactly_what_we_admit(string @default, string scopes)
    {
        var json = ("{\"default\": " + @default + ", \"transports\": {\"docker\": {" + scopes + "}}}")
            .Replace("{R}", _registry.Open, StringComparison.Ordinal)
            .Replace("KEY", SigstoreKey, StringComparison.Ordinal);
        var set = FromFiles(("policy.json", json));
        Assert.Empty(set.Problems);
        var policyFile = Path.Combine(Directory.CreateTempSubdirectory("mg-policy-").FullName, "policy.json");
        File.WriteAllText(policyFile, json);

        // skopeo runs for every repository at once: each copy mostly waits on its start and on the registry.
        var skopeoVerdicts = RegistryFixture.PolicyRepositories
            .Select(repository => $"{_registry.Open}/{repository}:{RegistryFixture.PolicyTag}")
            .Select(image =>
                Task.Run(() => (Admits: _registry.SkopeoAdmits(policyFile, image, out var output), Output: output)))
            .ToList();
        foreach (var (repository, skopeo) in RegistryFixture.PolicyRepositories.Zip(skopeoVerdicts))
        {
            var image = $"{_registry.Open}/{repository}:{RegistryFixture.PolicyTag}";
            var verdicts = set.Evaluate(Use(image));
            var weAdmit = verdicts.Count == 0;
            var (skopeoAdmits, output) = await skopeo;
            Assert.True(
                weAdmit == skopeoAdmits,
                $"{image} under {json}: we {(weAdmit ? "admit" : "reject: " + string.Join("; ", verdicts.Select(v => v.Message)))}, skopeo {(skopeoAdmits ? "admits" : "rejects: " + output)}");
        }
    }

    [Fact]
    public void The_fixture_registry_serves_the_image()
    {
        var accept = Path.Combine(Directory.CreateTempSubdirectory("mg-policy-").FullName, "accept.json");
        File.WriteAllText(accept, "{\"default\": " + Accept + "}");
        Assert.True(_registry.SkopeoAdmits(accept, $"{_registry.Open}/team/app:{RegistryFixture.PolicyTag}", out var output), output);
    }
}
