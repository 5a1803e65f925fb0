using System.Globalization;
using System.Text;
using ManifestGuard.Configuration;

namespace ManifestGuard.Init;

/// <summary>
/// The `.manifestguard.yaml` that `init` writes: the defaults spelled out, and what the survey found as
/// commented suggestions, each key explained, so a newcomer can read it top to bottom and decide.
/// Nothing found is switched on by itself: an allow-list guessed from today's images would pass them all.
/// </summary>
internal static class StarterConfiguration
{
    public static string Render(RepositorySurvey survey)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        void CommentedList(string heading, IEnumerable<string> items, string bullet)
        {
            Line(heading);
            foreach (var item in items)
            {
                Line($"#   {bullet}{item}");
            }
        }

        Line("# ManifestGuard configuration, written by `manifestguard init`.");
        var references = Count(survey.Registries.Sum(r => r.Images), "image reference");
        Line(Invariant($"# It looked at {Count(survey.FilesScanned, "file")} and found {references}."));
        Line("# Every key is optional and unknown keys are errors; the JSON Schema in schema/ lets editors");
        Line("# complete them.");
        Line("# `manifestguard rules` lists the rules, `manifestguard explain MG101` explains one.");
        Line();
        Line("# Which files `check` reads when it is given a folder (globs relative to the repository root).");
        Line("include:");
        foreach (var glob in ManifestGuardConfig.DefaultInclude)
        {
            Line($"  - \"{glob}\"");
        }
        Line("# Files to leave out. Helm chart templates are not manifests until rendered.");
        if (survey.HelmCharts.Count > 0)
        {
            Line("# Helm charts found here; leave out their templates by uncommenting:");
            Line("exclude: []");
            var templates = survey.HelmCharts.Select(chart => $"\"{(chart == "." ? "" : chart + "/")}templates/**\"");
            CommentedList("# exclude:", templates, "- ");
        }
        else
        {
            Line("exclude: []");
        }
        if (survey.Kustomizations.Count > 0)
        {
            CommentedList(
                "# Kustomizations found (their resources are scanned as plain files):", survey.Kustomizations, "");
        }
        Line();
        Line("# Registries images may come from. Once `allowed` is set, an image from anywhere else is an");
        Line("# error (MG201); `blocked` patterns are always errors (MG202). A pattern is a host (`quay.io`), a");
        Line("# host and path (`ghcr.io/acme`), `*.example.com` for subdomains, or a Docker Hub organization.");
        if (survey.Registries.Count > 0)
        {
            Line("# In use here, with the number of image references; keep the ones you trust and uncomment:");
            Line("# registries:");
            Line("#   allowed:");
            var width = survey.Registries.Max(r => r.Pattern.Length);
            foreach (var (pattern, images) in survey.Registries)
            {
                Line($"#     - {pattern.PadRight(width)}   # {Count(images, "image")}");
            }
        }
        else
        {
            Line("# No image references were found; for example:");
            Line("# registries:");
            Line("#   allowed: [quay.io/myorg]");
        }
        Line();
        Line("# Registries whose images must be pinned by digest; there MG101 is an error, not a warning.");
        Line("requireDigest: []");
        Line();
        Line("# Tags that move and are reported by MG102 (a reference with no tag at all means `latest`).");
        Line("disallowedTags: [latest]");
        Line();
        Line("# Images no rule reports, written as references; a trailing * matches any suffix.");
        Line("exemptImages: []");
        Line();
        Line("# Rule levels: error, warning, note, or off. Unlisted rules keep their default level.");
        Line("rules: {}");
        Line("#   MG101: error   # image-not-pinned: make every unpinned image fail the check");
        Line();
        Line("# Cluster image policies: ClusterImagePolicy, ImagePolicy, MachineConfig and Butane configs that");
        Line("# write policy.json, and image.config.openshift.io `Image` objects among the scanned manifests are");
        Line("# applied automatically.");
        if (survey.PolicyObjects.Count > 0)
        {
            CommentedList("# Found here:", survey.PolicyObjects, "");
        }
        Line("# Policies kept outside the manifests (containers policy.json, registries.d, OpenShift 3");
        Line("# master-config.yaml) are listed here, relative to this file.");
        if (survey.PolicyFiles.Count > 0)
        {
            CommentedList("# policyFiles:", survey.PolicyFiles, "- ");
        }
        else
        {
            Line("policyFiles: []");
        }
        Line();
        Line("# To adopt the tool on a repository with findings today: `manifestguard baseline` writes them to");
        Line("# .manifestguard-baseline.json; with the key below, `check` fails only on new findings.");
        Line("# baseline: .manifestguard-baseline.json");
        return text.ToString();
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : Invariant($"{n} {what}s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
