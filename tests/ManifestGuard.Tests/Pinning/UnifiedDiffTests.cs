using ManifestGuard.Pinning;
using Xunit;

namespace ManifestGuard.Tests.Pinning;

/// <summary>Expected outputs are what GNU `diff -u` prints for the same inputs (with a/ and b/ labels).</summary>
public class UnifiedDiffTests
{
    [Fact]
    public void Equal_texts_give_no_diff()
    {
        Assert.Equal("", UnifiedDiff.Create("f.yaml", "a\n", "a\n"));
    }

    [Fact]
    public void One_changed_line_gets_three_lines_of_context()
    {
        var old = "1\n2\n3\n4\nimage: a:1\n6\n7\n8\n9\n";
        var @new = "1\n2\n3\n4\nimage: a:1@sha256:x\n6\n7\n8\n9\n";

        var diff = UnifiedDiff.Create("k8s/deploy.yaml", old, @new);

        Assert.Equal(
            "--- a/k8s/deploy.yaml\n+++ b/k8s/deploy.yaml\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-image: a:1\n+image: a:1@sha256:x\n 6\n 7\n 8\n",
            diff);
    }

    [Fact]
    public void Changes_far_apart_get_separate_hunks_and_close_ones_merge()
    {
        var lines = Enumerable.Range(1, 20).Select(i => $"l{i}").ToArray();
        var old = string.Join("\n", lines) + "\n";
        var changed = (string[])lines.Clone();
        changed[1] = "X2";
        changed[6] = "X7";
        changed[17] = "X18";
        var @new = string.Join("\n", changed) + "\n";

        var diff = UnifiedDiff.Create("f", old, @new);

        Assert.Equal(
            "--- a/f\n+++ b/f\n"
            + "@@ -1,10 +1,10 @@\n l1\n-l2\n+X2\n l3\n l4\n l5\n l6\n-l7\n+X7\n l8\n l9\n l10\n"
            + "@@ -15,6 +15,6 @@\n l15\n l16\n l17\n-l18\n+X18\n l19\n l20\n",
            diff);
    }

    [Fact]
    public void An_inserted_line_and_a_missing_final_newline_are_shown()
    {
        var diff = UnifiedDiff.Create("k.yaml", "images:\n- name: a\n  newTag: \"1\"", "images:\n- name: a\n  newTag: \"1\"\n  digest: sha256:x");

        Assert.Equal(
            "--- a/k.yaml\n+++ b/k.yaml\n@@ -1,3 +1,4 @@\n images:\n - name: a\n-  newTag: \"1\"\n\\ No newline at end of file\n+  newTag: \"1\"\n+  digest: sha256:x\n\\ No newline at end of file\n",
            diff);
    }

    [Fact]
    public void Insertion_into_an_empty_side_is_numbered_from_the_line_before()
    {
        var diff = UnifiedDiff.Create("f", "a\nb\n", "a\nb\nc\n", context: 0);

        Assert.Equal("--- a/f\n+++ b/f\n@@ -2,0 +3 @@\n+c\n", diff);
    }

    [Fact]
    public void Carriage_returns_stay_in_the_lines()
    {
        var diff = UnifiedDiff.Create("f", "a\r\nb\r\n", "a\r\nc\r\n");

        Assert.Equal("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n", diff);
    }
}
