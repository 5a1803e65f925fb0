using System.Text;
using ManifestGuard.Discovery;

namespace ManifestGuard.Tests.Hardening;

/// <summary>
/// The hostile inputs, by name: generated, so a failing case can be reproduced from its name alone. The tests
/// check what the scanner makes of each; bench/ (`ManifestGuard.Benchmarks hostile`) times each against its
/// bound, which a unit test cannot do reliably on a loaded machine.
/// </summary>
internal static class HostileInputs
{
    public const int AliasedContainers = 2000;

    private const string PodHead = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n";

    public static readonly string[] Names =
    [
        "billion-laughs",
        "billion-laughs-as-containers",
        "list-of-aliased-pods",
        "flow-nesting-10000",
        "block-nesting-10000",
        "block-mapping-nesting-2000",
        "long-line-5mb",
        "long-image-scalar-2mb",
        "long-block-scalar-5mb",
        "binary-1mb",
        "invalid-utf8",
        "nul-bytes",
        "duplicate-keys",
        "binary-and-custom-tags",
        "many-documents",
        "many-anchors",
        "unclosed-flow",
        "control-characters",
    ];

    /// <summary>
    /// Policy objects whose patterns make a backtracking regular expression engine take seconds (the first
    /// was found by fuzz/run.sh); the platforms use RE2, which is linear, and so do we.
    /// </summary>
    public static readonly string[] BacktrackingPolicies =
    [
        "image-config-long-path-component",
        "image-config-allowed-registries-backtracking",
        "image-config-blocked-registries-backtracking",
        "image-policy-scope-backtracking",
    ];

    /// <summary>The entries of the two backtracking Image config cases: runs of path characters ending in one that cannot match.</summary>
    public static readonly string[] BacktrackingRegistrySources =
    [
        "docker.io/" + new string('r', 240) + " x",
        "a.io/" + string.Concat(Enumerable.Repeat("a-", 120)) + "!",
        "b.io/" + string.Concat(Enumerable.Repeat("a__", 80)) + "_",
    ];

    public static bool ExpectsParseError(string name) => name is "flow-nesting-10000" or "block-nesting-10000" or "block-mapping-nesting-2000"
        or "binary-1mb" or "duplicate-keys" or "unclosed-flow";

    public static string Text(string name) => name switch
    {
        "billion-laughs" => BillionLaughs(containersAlias: false),
        "billion-laughs-as-containers" => BillionLaughs(containersAlias: true),
        "list-of-aliased-pods" => ListOfAliasedPods(),
        "flow-nesting-10000" => new string('[', 10_000) + new string(']', 10_000) + "\n",
        "block-nesting-10000" => string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n",
        "block-mapping-nesting-2000" => string.Concat(Enumerable.Range(0, 2000).Select(i => new string(' ', i) + "a:\n")) + new string(' ', 2000) + "x\n",
        "long-line-5mb" => PodHead + "    - name: a\n      image: nginx:1.25 # " + new string('x', 5_000_000) + "\n",
        "long-image-scalar-2mb" => PodHead + "    - name: a\n      image: \"" + new string('a', 2_000_000) + ":1\"\n",
        "long-block-scalar-5mb" => PodHead + "    - name: a\n      image: nginx:1.25\n      args:\n        - |\n" + string.Concat(Enumerable.Repeat("          " + new string('y', 990) + "\n", 5000)),
        "binary-1mb" => SourceReader.Decode(RandomBytes(1_000_000)),
        "invalid-utf8" => SourceReader.Decode([.. Encoding.UTF8.GetBytes(PodHead + "    - name: a\n      image: nginx"), 0xC3, 0x28, 0xFF, 0xFE, .. ":1.25\n"u8]),
        "nul-bytes" => PodHead + "    - name: a\0\0\n      image: nginx:1.25\0\n",
        "duplicate-keys" => PodHead + "    - name: a\n      image: nginx:1.25\n      image: evil.example.com/x:1\n",
        "binary-and-custom-tags" => "apiVersion: v1\nkind: !Pod Pod\nmetadata: !!map {name: p}\nspec:\n  containers: !!seq\n    - name: a\n      image: !!binary aGVsbG8=\n      blob: !!binary |\n        " + Convert.ToBase64String(RandomBytes(30_000)) + "\n    - !custom {name: b, image: !<tag:x,2025:y> busybox:1.36}\n",
        "many-documents" => string.Concat(Enumerable.Repeat("---\n", 100_000)) + "---\n" + PodHead + "    - name: a\n      image: nginx:1.25\n",
        "many-anchors" => "x:\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"  k{i}: &a{i} v{i}\n")) + "y: [" + string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"*a{i}")) + "]\n",
        "unclosed-flow" => "a: [b, {c: d\ne: f\n" + PodHead,
        "control-characters" => PodHead + "    - name: a\n      image: \"nginx\u0001\u001b[31m:1.25\"\n      x: \u0007\u0008\n",
        // image-config, hangs/id:000000 (482 bytes): about 4 s on one 90-character entry with .NET's backtracking engine.
        "image-config-long-path-component" => "apiVersion: config.openshift.io/v1\nkind: Image\nmetadata:\n  name: cluster\nspec:\n  registrySources:\n    allowedRegistries:\n    - quay.io\n    - docker.io/lirrrrrrrrrrrrrrrrrrrrrbrrb pull only from these regiszrieegistry.k8s.io\n",
        "image-config-allowed-registries-backtracking" => RegistrySources("allowedRegistries"),
        "image-config-blocked-registries-backtracking" => RegistrySources("blockedRegistries"),
        "image-policy-scope-backtracking" => "apiVersion: config.openshift.io/v1\nkind: ClusterImagePolicy\nmetadata:\n  name: p\nspec:\n  scopes:\n    - \"quay.io/" + string.Concat(Enumerable.Repeat("a-", 200)) + "!\"\n"
            + "  policy:\n    rootOfTrust:\n      policyType: PublicKey\n      publicKey:\n        keyData: " + Convert.ToBase64String("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"u8.ToArray()) + "\n",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such hostile input"),
    };

    private static string RegistrySources(string key) =>
        "apiVersion: config.openshift.io/v1\nkind: Image\nmetadata:\n  name: cluster\nspec:\n  registrySources:\n    " + key + ":\n"
        + string.Concat(BacktrackingRegistrySources.Select(e => $"    - \"{e}\"\n"));

    /// <summary>Nine levels of nine aliases: 9^9 scalars if anything expanded it.</summary>
    private static string BillionLaughs(bool containersAlias)
    {
        var text = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\nx-bomb:\n  a: &a {name: c, image: nginx:1.25}\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            text.Append("  ").Append(level).Append(": &").Append(level).Append(" [").Append(string.Join(",", Enumerable.Repeat("*" + (char)(level - 1), 9))).Append("]\n");
        }
        text.Append(containersAlias ? "spec:\n  containers: *b\n  initContainers: *i\n  volumes: *i\n" : "spec:\n  containers: [*a]\n  x: *i\n");
        return text.ToString();
    }

    private static string ListOfAliasedPods()
    {
        var text = new StringBuilder("apiVersion: v1\nkind: List\nx-containers: &c\n");
        for (var i = 0; i < AliasedContainers; i++)
        {
            text.Append("  - {name: c").Append(i).Append(", image: registry.example.com/app").Append(i).Append(":1}\n");
        }
        text.Append("items:\n");
        for (var i = 0; i < AliasedContainers; i++)
        {
            text.Append("  - {apiVersion: v1, kind: Pod, metadata: {name: p").Append(i).Append("}, spec: {containers: *c}}\n");
        }
        return text.ToString();
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(7).NextBytes(bytes);
        return bytes;
    }
}
