using Xunit;
using ManifestGuard.Configuration;
using static ManifestGuard.Tests.Policies.PolicyTestKit;

namespace ManifestGuard.Tests.Policies.ContainersPolicy;

/// <summary>
/// policy.json validation pinned message by message (containers/image signature/policy_config.go): each row breaks
/// one rule only, so a check that stopped running, or ran on the wrong key, shows as a different message.
/// </summary>
public sealed class ContainersPolicyParserMutationTests
{
    private const string Refused =
        ": containers/image refuses the whole file, so every image pull on nodes using it fails";

    [Theory]
    // The JSON shape: objects where objects are expected, named by where they are.
    [InlineData("""{"default":[{"type":"reject"}],"transports":[]}""", "JSON object expected for transports, found a list")]
    [InlineData("""{"default":[{"type":"reject"}],"transports":{"docker":5}}""", "JSON object expected for transports.docker, found 5")]
    [InlineData("""{"default":["reject"]}""", "JSON object expected for policy requirement, found reject")]
    // A type that is missing or not a string is the empty, unknown type.
    [InlineData("""{"default":[{}]}""", "Unknown policy requirement type \"\"")]
    [InlineData("""{"default":[{"type":5}]}""", "Unknown policy requirement type \"\"")]
    // signedBy: every key source is decoded by its Go type, each on its own.
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":5}]}""", "\"keyPath\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPaths":5}]}""", "\"keyPaths\" must be a list")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyData":5}]}""", "\"keyData\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":null,"keyPath":"/k"}]}""", "Unrecognized keyType value \"\"")]
    // A null keyPaths is written (signedBy chooses it) but holds no list, so no key source is specified.
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPaths":null}]}""", "exactly one of keyPath, keyPaths and keyData must be specified")]
    // Go's base64 skips only CR and LF: a space or a tab (written escaped in JSON) makes keyData invalid.
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyData":"AAAA AAAA"}]}""", "\"keyData\" is not valid base64")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyData":"AAAA\tAAAA"}]}""", "\"keyData\" is not valid base64")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":5,"keyPath":"/k"}]}""", "\"keyType\" must be a string, found 5")]
    // sigstoreSigned: the eight key sources, each decoded on its own.
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":5}]}""", "\"keyPath\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPaths":"/k"}]}""", "\"keyPaths\" must be a list")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyData":5}]}""", "\"keyData\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyDatas":5}]}""", "\"keyDatas\" must be a list")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyDatas":["!!"]}]}""", "\"keyDatas\" is not valid base64")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"/k","rekorPublicKeyPath":5}]}""", "\"rekorPublicKeyPath\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"/k","rekorPublicKeyPaths":5}]}""", "\"rekorPublicKeyPaths\" must be a list")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"/k","rekorPublicKeyData":5}]}""", "\"rekorPublicKeyData\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"/k","rekorPublicKeyDatas":5}]}""", "\"rekorPublicKeyDatas\" must be a list")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":{"caRootsPath":"/ca","subjectEmail":"a@b.c"},"rekorPublicKeyPath":"/r"}]}""", "rekorPublickeyPath, rekorPublicKeyPaths, rekorPublickeyData and rekorPublicKeyDatas are not supported for pki")]
    // fulcio.
    [InlineData("""{"default":[{"type":"sigstoreSigned","rekorPublicKeyPath":"/r","fulcio":5}]}""", "JSON object expected for fulcio, found 5")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","rekorPublicKeyPath":"/r","fulcio":{"caPath":5,"oidcIssuer":"https://i","subjectEmail":"a@b.c"}}]}""", "\"caPath\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","rekorPublicKeyPath":"/r","fulcio":{"caData":5,"oidcIssuer":"https://i","subjectEmail":"a@b.c"}}]}""", "\"caData\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","rekorPublicKeyPath":"/r","fulcio":{"caPath":"/ca","caData":"","oidcIssuer":"https://i","subjectEmail":"a@b.c"}}]}""", "caPath and caData cannot be used simultaneously")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","rekorPublicKeyPath":"/r","fulcio":{"oidcIssuer":"https://i","subjectEmail":"a@b.c"}}]}""", "At least one of caPath and caData must be specified")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","rekorPublicKeyPath":"/r","fulcio":{"caPath":"/ca","oidcIssuer":"","subjectEmail":"a@b.c"}}]}""", "oidcIssuer not specified")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","rekorPublicKeyPath":"/r","fulcio":{"caPath":"/ca","oidcIssuer":"https://i"}}]}""", "subjectEmail not specified")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","rekorPublicKeyPath":"/r","fulcio":{"caPath":"/ca","oidcIssuer":"https://i","subjectEmail":null}}]}""", "subjectEmail not specified")]
    // pki.
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":5}]}""", "JSON object expected for pki, found 5")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":{"caRootsPath":5,"subjectEmail":"a@b.c"}}]}""", "\"caRootsPath\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":{"caRootsData":5,"subjectEmail":"a@b.c"}}]}""", "\"caRootsData\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":{"caRootsPath":"/ca","caIntermediatesPath":5,"subjectEmail":"a@b.c"}}]}""", "\"caIntermediatesPath\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":{"caRootsPath":"/ca","caIntermediatesData":5,"subjectEmail":"a@b.c"}}]}""", "\"caIntermediatesData\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":{"caIntermediatesPath":"/i","subjectEmail":"a@b.c"}}]}""", "At least one of caRootsPath and caRootsData must be specified")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","pki":{"caRootsPath":"/ca","caIntermediatesPath":"/i","caIntermediatesData":"","subjectEmail":"a@b.c"}}]}""", "caIntermediatesPath and caIntermediatesData cannot be used simultaneously")]
    // signedIdentity (policy_reference_match.go types).
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":5}]}""", "JSON object expected for signedIdentity, found 5")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{}}]}""", "Unknown policy reference match type \"\"")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"matchOther"}}]}""", "Unknown policy reference match type \"matchOther\"")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"matchExact","prefix":"a"}}]}""", "Unknown key \"prefix\"")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"exactReference","dockerReference":5}}]}""", "\"dockerReference\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"exactRepository"}}]}""", "Key \"dockerRepository\" missing in a JSON object")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"exactRepository","dockerRepository":"quay.io/a","x":1}}]}""", "Unknown key \"x\"")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"exactRepository","dockerRepository":5}}]}""", "\"dockerRepository\" must be a string, found 5")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"remapIdentity","prefix":"example.com"}}]}""", "Key \"signedPrefix\" missing in a JSON object")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"remapIdentity","prefix":"example.com","signedPrefix":"example.com","x":1}}]}""", "Unknown key \"x\"")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"remapIdentity","prefix":"","signedPrefix":"example.com"}}]}""", "prefix \"\" is not valid")]
    public void Each_refusal_has_its_own_message(string json, string message)
    {
        var problem = Assert.Single(FromFiles(("policy.json", json)).Problems);
        Assert.Equal("MG304", problem.RuleId);
        Assert.Equal(message + Refused, problem.Message);
    }

    [Theory]
    // Every keyType containers/image's parser accepts (the evaluation implements only GPGKeys).
    [InlineData("""{"default":[{"type":"signedBy","keyType":"signedByGPGKeys","keyPath":"/k"}]}""")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"X509Certificates","keyPath":"/k"}]}""")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"signedByX509CAs","keyPath":"/k"}]}""")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"matchExact"}}]}""")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"matchRepoDigestOrExact"}}]}""")]
    [InlineData("""{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/k","signedIdentity":{"type":"exactRepository","dockerRepository":"quay.io/team/app"}}]}""")]
    [InlineData("""{"default":[{"type":"signedBaseLayer","baseLayerIdentity":{"type":"matchRepository"}}]}""")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"/k","rekorPublicKeyPath":"/r"}]}""")]
    [InlineData("""{"default":[{"type":"sigstoreSigned","keyPath":"/k","rekorPublicKeyData":null,"rekorPublicKeyPath":null}]}""")]
    public void Valid_requirements_are_accepted(string json)
    {
        Assert.Empty(FromFiles(("policy.json", json)).Problems);
    }

    // Invalid references carry the reference grammar's reason after the value.
    [Theory]
    [InlineData("exactReference", "dockerReference", "Invalid format of dockerReference \"quay.io/UPPER:1\": ")]
    [InlineData("exactRepository", "dockerRepository", "Invalid format of dockerRepository \"quay.io/UPPER:1\": ")]
    public void Invalid_identity_references_are_refused_with_the_reason(string type, string key, string start)
    {
        var json = "{\"default\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\"/k\","
            + "\"signedIdentity\":{\"type\":\""
            + type + "\",\"" + key + "\":\"quay.io/UPPER:1\"}}]}";
        var problem = Assert.Single(FromFiles(("policy.json", json)).Problems);
        Assert.StartsWith(start, problem.Message, StringComparison.Ordinal);
        Assert.EndsWith(Refused, problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Message.Length > start.Length + Refused.Length, problem.Message);
    }

    // Where each refusal points: the offending value, or the object that lacks something.
    [Theory]
    [InlineData("{\n\"default\": [{\n  \"type\": \"acceptAll\"}]\n}", 3, 11)]
    [InlineData("{\n\"default\": [\n  {\"type\": \"sigstoreSigned\"}]\n}", 3, 3)]
    [InlineData("{\n\"default\": [{\"type\": \"sigstoreSigned\",\n  \"keyPath\": \"/k\",\n  \"keyData\": \"AAAA\"}]\n}", 4, 3)]
    [InlineData("{\n\"default\": [{\"type\": \"sigstoreSigned\", \"rekorPublicKeyPath\": \"/r\",\n  \"fulcio\": {\"caPath\": \"/ca\",\n    \"oidcIssuer\": \"\", \"subjectEmail\": \"a@b.c\"}}]\n}", 4, 19)]
    [InlineData("{\n\"default\": [{\"type\": \"sigstoreSigned\", \"rekorPublicKeyPath\": \"/r\",\n  \"fulcio\": {\"caPath\": \"/ca\",\n    \"subjectEmail\": \"a@b.c\"}}]\n}", 3, 13)]
    [InlineData("{\n\"default\": [{\"type\": \"sigstoreSigned\", \"rekorPublicKeyPath\": \"/r\",\n  \"fulcio\": {\"caPath\": \"/ca\",\n    \"oidcIssuer\": \"https://i\", \"subjectEmail\": \"\"}}]\n}", 4, 48)]
    [InlineData("{\n\"default\": [{\"type\": \"sigstoreSigned\", \"rekorPublicKeyPath\": \"/r\",\n  \"fulcio\": {\"caPath\": \"/ca\",\n    \"oidcIssuer\": \"https://i\"}}]\n}", 3, 13)]
    [InlineData("{\n\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/k\",\n  \"signedIdentity\": {\"type\": \"matchAll\"}}]\n}", 3, 30)]
    [InlineData("{\n\"default\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/k\",\n  \"signedIdentity\": {}}]\n}", 3, 21)]
    [InlineData("{\n\"default\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"/k\",\n  \"rekorPublicKeyPath\": \"/r\",\n  \"rekorPublicKeyData\": \"AAAA\"}]\n}", 4, 3)]
    [InlineData("{\n\"default\": [{\"type\": \"sigstoreSigned\", \"pki\": {\"caRootsPath\": \"/ca\", \"subjectEmail\": \"a@b.c\"},\n  \"rekorPublicKeyPath\": \"/r\"}]\n}", 3, 3)]
    public void A_refusal_points_at_what_is_wrong(string json, int line, int column)
    {
        var problem = Assert.Single(FromFiles(("policy.json", json)).Problems);
        Assert.Equal((line, column), (problem.Span.StartLine, problem.Span.StartColumn));
    }

    [Fact]
    public void A_json_syntax_error_carries_its_line_and_column()
    {
        var json = "{\n  \"default\": [{\"type\": \"reject\"},]\n}";
        var e = Assert.Throws<ConfigurationException>(() => FromFiles(("policy.json", json)));
        Assert.Equal((2, 34), (e.Line, e.Column));
        Assert.StartsWith("not a valid policy.json: ", e.Message, StringComparison.Ordinal);
    }

    // JSON the YAML reader cannot hold (more nodes than its limit) is a file error, not a duplicate key problem.
    [Fact]
    public void A_yaml_reader_error_other_than_a_duplicate_key_is_a_file_error()
    {
        var numbers = string.Join(",", Enumerable.Repeat("0", 500_001));
        var json = "{\"default\":[{\"type\":\"reject\"}],\"x\":[" + numbers + "]}";
        var e = Assert.Throws<ConfigurationException>(() => FromFiles(("policy.json", json)));
        Assert.Contains("more than 500000 YAML nodes", e.Message, StringComparison.Ordinal);
    }
}
