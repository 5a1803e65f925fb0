using System.Text.Json;
using ManifestGuard.References;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.ContainersPolicy;

/// <summary>
/// Reads policy.json as strictly as containers/image (signature/policy_config.go) does: unknown or duplicate keys,
/// wrong value types, empty requirement lists and incomplete requirements are errors, and the first error makes
/// the whole file unusable (every pull on such a node fails). JSON syntax is checked with System.Text.Json; the
/// tree is then read with the YAML reader (JSON is YAML) because it keeps positions and refuses duplicate keys.
/// </summary>
internal static class ContainersPolicyParser
{
    private static readonly string[] SignedByKeySources = ["keyPath", "keyPaths", "keyData"];

    /// <summary>The outcome: a usable policy, or a syntax error (the file is not JSON), or neither when a problem was reported.</summary>
    public sealed record Result(ContainersPolicyFile? Policy, string? SyntaxError, int Line, int Column);

    public static Result Parse(string text, PolicyOrigin origin, ICollection<PolicyProblem> problems)
    {
        // Tabs are legal JSON white space but not YAML indentation; outside strings they are only white space,
        // and inside strings JSON requires them escaped, so replacing them keeps every line and column.
        text = text.Replace('\t', ' ');
        try
        {
            using var _ = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return new Result(null, e.Message, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        }

        var parsed = YamlDocumentParser.Parse(text);
        if (parsed.Error is { } error)
        {
            if (error.Message.StartsWith("duplicate key", StringComparison.Ordinal))
            {
                // containers/image: `Duplicate key "..."`.
                problems.Add(origin.Problem(RuleIds.InvalidImagePolicy, $"{Capitalize(error.Message)}: containers/image refuses the whole file, so every image pull on nodes using it fails", SourceSpan.At(error.Line, error.Column)));
                return new Result(null, null, 0, 0);
            }
            return new Result(null, error.Message, error.Line, error.Column);
        }
        if (parsed.Documents.Count != 1 || parsed.Documents[0] is not YamlMapping root)
        {
            return new Result(null, "expected one JSON object", 1, 1);
        }

        try
        {
            return new Result(ReadPolicy(root, origin, text), null, 0, 0);
        }
        catch (ContainersPolicyFormatException e)
        {
            problems.Add(origin.Problem(RuleIds.InvalidImagePolicy, $"{e.Message}: containers/image refuses the whole file, so every image pull on nodes using it fails", e.Span));
            return new Result(null, null, 0, 0);
        }
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static ContainersPolicyFile ReadPolicy(YamlMapping root, PolicyOrigin origin, string text)
    {
        ContainersScope? defaultScope = null;
        var docker = new Dictionary<string, ContainersScope>(StringComparer.Ordinal);
        foreach (var (key, value) in Entries(root))
        {
            switch (key.Value)
            {
                case "default":
                    defaultScope = new ContainersScope("", ReadRequirements(value), key.Span, IsGlobalDefault: true);
                    break;
                case "transports":
                    foreach (var (transport, scopes) in Entries(Object(value, "transports")))
                    {
                        foreach (var (scope, requirements) in Entries(Object(scopes, $"transports.{transport.Value}")))
                        {
                            // Every transport's scopes are read (a broken one breaks the file); only docker's are kept.
                            var read = new ContainersScope(scope.Value, ReadRequirements(requirements), scope.Span);
                            if (transport.Value == "docker")
                            {
                                docker[scope.Value] = read;
                            }
                        }
                    }
                    break;
                default:
                    throw UnknownKey(key);
            }
        }
        return defaultScope is null
            ? throw new ContainersPolicyFormatException("Default policy is missing", root.Span)
            : new ContainersPolicyFile(defaultScope, docker, origin, text);
    }

    private static List<ContainersRequirement> ReadRequirements(YamlNode node)
    {
        if (node is not YamlSequence list)
        {
            throw new ContainersPolicyFormatException($"expected a list of policy requirements, found {PolicyYaml.Describe(node)}", node.Span);
        }
        if (list.Items.Count == 0)
        {
            throw new ContainersPolicyFormatException("List of verification policy requirements must not be empty", node.Span);
        }
        return list.Items.Select(item => ReadRequirement(item) with { Node = item as YamlMapping }).ToList();
    }

    private static ContainersRequirement ReadRequirement(YamlNode node)
    {
        var requirement = Object(node, "policy requirement");
        var type = requirement["type"] is YamlScalar { Style: ScalarStyle.DoubleQuoted } t ? t.Value : "";
        switch (type)
        {
            case "insecureAcceptAnything":
                ExactFields(requirement, "type");
                return new ContainersRequirement(ContainersRequirementType.InsecureAcceptAnything, node.Span);
            case "reject":
                ExactFields(requirement, "type");
                return new ContainersRequirement(ContainersRequirementType.Reject, node.Span);
            case "signedBaseLayer":
                ExactFields(requirement, "type", "baseLayerIdentity");
                ReadIdentity(requirement["baseLayerIdentity"]!);
                return new ContainersRequirement(ContainersRequirementType.SignedBaseLayer, node.Span, "signedBaseLayer is not implemented by containers/image and rejects every image");
            case "signedBy":
                return ReadSignedBy(requirement);
            case "sigstoreSigned":
                return ReadSigstoreSigned(requirement);
            default:
                throw new ContainersPolicyFormatException($"Unknown policy requirement type \"{type}\"", requirement["type"]?.Span ?? node.Span);
        }
    }

    private static ContainersRequirement ReadSignedBy(YamlMapping requirement)
    {
        Fields(requirement, "type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity");
        CheckKeySources(requirement, emptyListsRefused: false, "keyPath", "keyPaths", "keyData");
        var keyTypeNode = requirement["keyType"];
        // keyType decodes through its own UnmarshalJSON, so an explicit null is the empty, unrecognized value.
        var keyType = keyTypeNode is null || IsNull(keyTypeNode) ? "" : String(keyTypeNode, "keyType");
        string[] validKeyTypes = ["GPGKeys", "signedByGPGKeys", "X509Certificates", "signedByX509CAs"];
        if (keyTypeNode is not null && !validKeyTypes.Contains(keyType))
        {
            throw new ContainersPolicyFormatException($"Unrecognized keyType value \"{keyType}\"", keyTypeNode.Span);
        }
        if (requirement["signedIdentity"] is { } identity)
        {
            ReadIdentity(identity);
        }

        // signedBy chooses by which keys are written (an explicit null or "" included), then needs that one key
        // to hold a value: a non-empty keyPath, a keyPaths list, keyData that is not null (even "").
        var written = SignedByKeySources.Where(key => requirement[key] is not null).ToList();
        if (written.Count == 0)
        {
            throw new ContainersPolicyFormatException("Exactly one of keyPath, keyPaths and keyData must be specified, none of them present", requirement.Span);
        }
        if (written.Count > 1)
        {
            throw new ContainersPolicyFormatException("Exactly one of keyPath, keyPaths and keyData must be specified, more than one present", requirement.KeyNode(written[1])!.Span);
        }
        if (keyTypeNode is null)
        {
            throw new ContainersPolicyFormatException("invalid keyType \"\": signedBy needs \"keyType\": \"GPGKeys\"", requirement.Span);
        }
        if (KeySources(requirement, written[0]).Count == 0)
        {
            throw new ContainersPolicyFormatException("exactly one of keyPath, keyPaths and keyData must be specified", requirement.KeyNode(written[0])!.Span);
        }
        var rejects = keyType != "GPGKeys"
            ? $"keyType \"{keyType}\" is not implemented by containers/image: this requirement rejects every image"
            : IsEmptyKeySource(requirement[written[0]]!)
                ? $"\"{written[0]}\" holds no key, so containers/image imports no public key and this requirement rejects every image"
                : null;
        return new ContainersRequirement(ContainersRequirementType.SignedBy, requirement.Span, rejects);
    }

    /// <summary>An empty keyPaths list or an empty keyData: accepted by the parser, but no key to verify with.</summary>
    private static bool IsEmptyKeySource(YamlNode value) =>
        value is YamlSequence { Items.Count: 0 } || value is YamlScalar { Style: ScalarStyle.DoubleQuoted, Value.Length: 0 };

    private static ContainersRequirement ReadSigstoreSigned(YamlMapping requirement)
    {
        Fields(requirement, "type", "keyPath", "keyPaths", "keyData", "keyDatas", "fulcio", "rekorPublicKeyPath", "rekorPublicKeyPaths", "rekorPublicKeyData", "rekorPublicKeyDatas", "pki", "signedIdentity");
        // Every written field is decoded before the combination is judged, as ParanoidUnmarshalJSONObject does.
        CheckKeySources(requirement, "keyPath", "keyPaths", "keyData", "keyDatas", "rekorPublicKeyPath", "rekorPublicKeyPaths", "rekorPublicKeyData", "rekorPublicKeyDatas");
        if (requirement["fulcio"] is { } fulcio)
        {
            ReadFulcio(fulcio);
        }
        if (requirement["pki"] is { } pki)
        {
            ReadPki(pki);
        }
        if (requirement["signedIdentity"] is { } identity)
        {
            ReadIdentity(identity);
        }
        var keys = KeySources(requirement, "keyPath", "keyPaths", "keyData", "keyDatas", "fulcio", "pki");
        if (keys.Count != 1)
        {
            throw new ContainersPolicyFormatException("exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio, and pki must be specified", keys.Count > 1 ? keys[1].Span : requirement.Span);
        }
        var rekor = KeySources(requirement, "rekorPublicKeyPath", "rekorPublicKeyPaths", "rekorPublicKeyData", "rekorPublicKeyDatas");
        if (rekor.Count > 1)
        {
            throw new ContainersPolicyFormatException("at most one of rekorPublickeyPath, rekorPublicKeyPaths, rekorPublickeyData and rekorPublicKeyDatas can be used simultaneously", rekor[1].Span);
        }
        if (requirement["fulcio"] is not null && rekor.Count == 0)
        {
            throw new ContainersPolicyFormatException("At least one of rekorPublickeyPath, rekorPublicKeyPaths, rekorPublickeyData and rekorPublicKeyDatas must be specified if fulcio is used", requirement.Span);
        }
        if (requirement["pki"] is not null && rekor.Count > 0)
        {
            throw new ContainersPolicyFormatException("rekorPublickeyPath, rekorPublicKeyPaths, rekorPublickeyData and rekorPublicKeyDatas are not supported for pki", rekor[0].Span);
        }
        return new ContainersRequirement(ContainersRequirementType.SigstoreSigned, requirement.Span);
    }

    private static void ReadFulcio(YamlNode node)
    {
        var fulcio = Object(node, "fulcio");
        Fields(fulcio, "caPath", "caData", "oidcIssuer", "subjectEmail");
        CheckKeySources(fulcio, "caPath", "caData");
        var issuer = OptionalString(fulcio, "oidcIssuer");
        var email = OptionalString(fulcio, "subjectEmail");
        var ca = KeySources(fulcio, "caPath", "caData");
        if (ca.Count > 1)
        {
            throw new ContainersPolicyFormatException("caPath and caData cannot be used simultaneously", ca[1].Span);
        }
        if (ca.Count == 0)
        {
            throw new ContainersPolicyFormatException("At least one of caPath and caData must be specified", fulcio.Span);
        }
        if (issuer.Length == 0)
        {
            throw new ContainersPolicyFormatException("oidcIssuer not specified", fulcio["oidcIssuer"]?.Span ?? fulcio.Span);
        }
        if (email.Length == 0)
        {
            throw new ContainersPolicyFormatException("subjectEmail not specified", fulcio["subjectEmail"]?.Span ?? fulcio.Span);
        }
    }

    private static void ReadPki(YamlNode node)
    {
        var pki = Object(node, "pki");
        Fields(pki, "caRootsPath", "caRootsData", "caIntermediatesPath", "caIntermediatesData", "subjectEmail", "subjectHostname");
        CheckKeySources(pki, "caRootsPath", "caRootsData", "caIntermediatesPath", "caIntermediatesData");
        // Both subjects are Go strings: a number or a list is a decoding error, null reads as "".
        var email = OptionalString(pki, "subjectEmail");
        var hostname = OptionalString(pki, "subjectHostname");
        var roots = KeySources(pki, "caRootsPath", "caRootsData");
        if (roots.Count > 1)
        {
            throw new ContainersPolicyFormatException("caRootsPath and caRootsData cannot be used simultaneously", roots[1].Span);
        }
        if (roots.Count == 0)
        {
            throw new ContainersPolicyFormatException("At least one of caRootsPath and caRootsData must be specified", pki.Span);
        }
        var intermediates = KeySources(pki, "caIntermediatesPath", "caIntermediatesData");
        if (intermediates.Count > 1)
        {
            throw new ContainersPolicyFormatException("caIntermediatesPath and caIntermediatesData cannot be used simultaneously", intermediates[1].Span);
        }
        if (email.Length == 0 && hostname.Length == 0)
        {
            throw new ContainersPolicyFormatException("At least one of subjectEmail, subjectHostname must be specified", pki.Span);
        }
    }

    /// <summary>signedIdentity and baseLayerIdentity: the reference match types of policy_reference_match.go.</summary>
    private static void ReadIdentity(YamlNode node)
    {
        var identity = Object(node, "signedIdentity");
        var typeNode = identity["type"];
        var type = typeNode is YamlScalar { Style: ScalarStyle.DoubleQuoted } t ? t.Value : "";
        switch (type)
        {
            case "matchExact" or "matchRepoDigestOrExact" or "matchRepository":
                ExactFields(identity, "type");
                break;
            case "exactReference":
                ExactFields(identity, "type", "dockerReference");
                var reference = String(identity["dockerReference"]!, "dockerReference");
                if (!ImageReference.TryParse(reference, out var parsed, out var error))
                {
                    throw new ContainersPolicyFormatException($"Invalid format of dockerReference \"{reference}\": {error}", identity["dockerReference"]!.Span);
                }
                if (parsed.Tag is null && parsed.Digest is null)
                {
                    throw new ContainersPolicyFormatException($"dockerReference \"{reference}\" contains neither a tag nor digest", identity["dockerReference"]!.Span);
                }
                break;
            case "exactRepository":
                ExactFields(identity, "type", "dockerRepository");
                var repository = String(identity["dockerRepository"]!, "dockerRepository");
                if (!ImageReference.TryParse(repository, out _, out var repositoryError))
                {
                    throw new ContainersPolicyFormatException($"Invalid format of dockerRepository \"{repository}\": {repositoryError}", identity["dockerRepository"]!.Span);
                }
                break;
            case "remapIdentity":
                ExactFields(identity, "type", "prefix", "signedPrefix");
                foreach (var key in new[] { "prefix", "signedPrefix" })
                {
                    var prefix = String(identity[key]!, key);
                    if (!IsValidRemapPrefix(prefix))
                    {
                        throw new ContainersPolicyFormatException($"prefix \"{prefix}\" is not valid", identity[key]!.Span);
                    }
                }
                break;
            default:
                throw new ContainersPolicyFormatException($"Unknown policy reference match type \"{type}\"", typeNode?.Span ?? identity.Span);
        }
    }

    /// <summary>A host[:port], or a repository name whose first component is a host (validateIdentityRemappingPrefix).</summary>
    private static bool IsValidRemapPrefix(string prefix)
    {
        if (ImageReference.IsValidDomain(prefix))
        {
            return true;
        }
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && ImageReference.IsValidDomain(prefix[..slash])
            && ImageReference.TryParse(prefix, out var parsed, out _) && parsed.Tag is null && parsed.Digest is null;
    }

    /// <summary>
    /// The key sources that hold a value, as containers/image counts them: a `…Path` when it is a non-empty string
    /// (Go decodes both "" and null into ""), anything else when it is not null: Go decodes "" into a non-nil empty
    /// byte slice, so an empty `…Data` counts as present, and null into a nil slice, which does not.
    /// </summary>
    private static List<(string Key, YamlNode Value, SourceSpan Span)> KeySources(YamlMapping mapping, params string[] keys)
    {
        var present = new List<(string, YamlNode, SourceSpan)>();
        foreach (var key in keys)
        {
            if (mapping[key] is not { } value)
            {
                continue;
            }
            var holdsValue = key.EndsWith("Path", StringComparison.Ordinal)
                ? value is YamlScalar { Style: ScalarStyle.DoubleQuoted, Value.Length: > 0 }
                : !IsNull(value);
            if (holdsValue)
            {
                present.Add((key, value, mapping.KeyNode(key)!.Span));
            }
        }
        return present;
    }

    /// <summary>
    /// Decodes each written key source as Go does: paths are strings, `…Data` is base64 (Go decodes []byte so),
    /// `…Paths` and `…Datas` are lists; null is the zero value, which for a list is refused as having no entries.
    /// </summary>
    private static void CheckKeySources(YamlMapping mapping, params string[] keys) => CheckKeySources(mapping, true, keys);

    /// <summary>sigstoreSigned refuses empty and null lists; signedBy takes an empty list as written.</summary>
    private static void CheckKeySources(YamlMapping mapping, bool emptyListsRefused, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (mapping[key] is not { } value)
            {
                continue;
            }
            if (key.EndsWith("Paths", StringComparison.Ordinal) || key.EndsWith("Datas", StringComparison.Ordinal))
            {
                CheckList(value, key, emptyListsRefused);
            }
            else if (!IsNull(value))
            {
                CheckString(value, key, key.EndsWith("Data", StringComparison.Ordinal));
            }
        }
    }

    private static void CheckList(YamlNode value, string key, bool emptyListsRefused)
    {
        if (IsNull(value) && !emptyListsRefused)
        {
            return;
        }
        if (emptyListsRefused && (IsNull(value) || value is YamlSequence { Items.Count: 0 }))
        {
            throw new ContainersPolicyFormatException($"\"{key}\" contains no entries", value.Span);
        }
        if (value is not YamlSequence list)
        {
            throw new ContainersPolicyFormatException($"\"{key}\" must be a list", value.Span);
        }
        foreach (var item in list.Items.Where(item => !IsNull(item)))
        {
            CheckString(item, key, key.EndsWith("Datas", StringComparison.Ordinal));
        }
    }

    private static void CheckString(YamlNode node, string key, bool base64)
    {
        var text = String(node, key);
        if (base64 && !IsBase64(text))
        {
            throw new ContainersPolicyFormatException($"\"{key}\" is not valid base64", node.Span);
        }
    }

    /// <summary>JSON null: Go leaves the field at its zero value.</summary>
    private static bool IsNull(YamlNode node) => node is YamlScalar { Style: ScalarStyle.Plain, Value: "null" };

    /// <summary>A Go string field: absent or null is "", anything but a string is a decoding error.</summary>
    private static string OptionalString(YamlMapping mapping, string key) =>
        mapping[key] is { } value && !IsNull(value) ? String(value, key) : "";

    /// <summary>Standard padded base64; Go skips CR and LF inside it, but not spaces or tabs as .NET would.</summary>
    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return !text.Contains(' ', StringComparison.Ordinal) && !text.Contains('\t', StringComparison.Ordinal)
            && Convert.TryFromBase64String(text, buffer, out _);
    }

    private static string String(YamlNode node, string key) =>
        node is YamlScalar { Style: ScalarStyle.DoubleQuoted } scalar ? scalar.Value
        : throw new ContainersPolicyFormatException($"\"{key}\" must be a string, found {PolicyYaml.Describe(node)}", node.Span);

    private static YamlMapping Object(YamlNode node, string what) =>
        node as YamlMapping ?? throw new ContainersPolicyFormatException($"JSON object expected for {what}, found {PolicyYaml.Describe(node)}", node.Span);

    private static IEnumerable<(YamlScalar Key, YamlNode Value)> Entries(YamlMapping mapping)
    {
        foreach (var entry in mapping.Entries)
        {
            yield return ((YamlScalar)entry.Key, entry.Value);
        }
    }

    /// <summary>Refuses keys outside the allowed set (ParanoidUnmarshalJSONObject).</summary>
    private static void Fields(YamlMapping mapping, params string[] allowed)
    {
        foreach (var (key, _) in Entries(mapping))
        {
            if (!allowed.Contains(key.Value))
            {
                throw UnknownKey(key);
            }
        }
    }

    /// <summary>Exactly these keys, each present (ParanoidUnmarshalJSONObjectExactFields).</summary>
    private static void ExactFields(YamlMapping mapping, params string[] fields)
    {
        Fields(mapping, fields);
        foreach (var field in fields)
        {
            if (mapping[field] is null)
            {
                throw new ContainersPolicyFormatException($"Key \"{field}\" missing in a JSON object", mapping.Span);
            }
        }
    }

    private static ContainersPolicyFormatException UnknownKey(YamlScalar key) => new($"Unknown key \"{key.Value}\"", key.Span);
}
