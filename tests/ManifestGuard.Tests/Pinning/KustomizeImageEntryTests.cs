using System.Text;
using ManifestGuard.Pinning;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Pinning;

/// <summary>Kustomize's `images` transformer: https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/images/</summary>
public class KustomizeImageEntryTests
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "block entries: only those with newTag and no digest",
            "resources:\n- deploy.yaml\nimages:\n- name: nginx\n  newTag: \"1.25\" # web\n- name: redis\n  newName: ghcr.io/org/redis\n  newTag: \"7\"\n- name: done\n  newTag: \"1\"\n  digest: sha256:aa\n- name: renamed\n  newName: other\n",
            "resources:\n- deploy.yaml\nimages:\n- name: nginx\n  newTag: \"1.25\" # web\n  digest: " + Digest + "\n- name: redis\n  newName: ghcr.io/org/redis\n  newTag: \"7\"\n  digest: " + Digest + "\n- name: done\n  newTag: \"1\"\n  digest: sha256:aa\n- name: renamed\n  newName: other\n"
        },
        {
            "indented list, CRLF, no newline at the end",
            "images:⏎  -   name: nginx⏎      newTag: '1.25'",
            "images:⏎  -   name: nginx⏎      newTag: '1.25'⏎      digest: " + Digest
        },
        {
            "flow entries",
            "images:\n- {name: nginx, newTag: \"1.25\"}\n",
            "images:\n- {name: nginx, newTag: \"1.25\", digest: " + Digest + "}\n"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Adds_a_digest_line_to_every_unpinned_entry(string name, string input, string expected)
    {
        Assert.NotNull(name);
        var snapshot = ManifestFileSnapshot.FromBytes("kustomization.yaml", Encoding.UTF8.GetBytes(input.Replace("⏎", "\r\n", StringComparison.Ordinal)));
        var document = YamlDocumentParser.Parse(snapshot.Text).Documents.Single();

        var edits = KustomizeImageEntry.FindUnpinned(document).Select(e => e.DigestInsertion(snapshot.Text, Digest)).ToList();
        var result = PinRewriter.Apply(snapshot, edits);

        Assert.Equal(expected.Replace("⏎", "\r\n", StringComparison.Ordinal), Encoding.UTF8.GetString(result));
    }

    [Fact]
    public void Names_the_image_kustomize_will_write()
    {
        var document = YamlDocumentParser.Parse("images:\n- name: redis\n  newName: ghcr.io/org/redis\n  newTag: \"7\"\n- name: nginx\n  newTag: \"1.25\"\n").Documents.Single();

        var images = KustomizeImageEntry.FindUnpinned(document).Select(e => e.ImageToResolve);

        Assert.Equal(["ghcr.io/org/redis:7", "nginx:1.25"], images);
    }

    [Theory]
    [InlineData("overlays/prod/kustomization.yaml", true)]
    [InlineData("kustomization.yml", true)]
    [InlineData("base/Kustomization", true)]
    [InlineData("deploy.yaml", false)]
    public void Recognizes_the_file_names_kustomize_reads(string path, bool expected)
    {
        Assert.Equal(expected, KustomizeImageEntry.IsKustomizationFile(path));
    }
}
