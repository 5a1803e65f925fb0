using ManifestGuard.References;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies.OpenShift3;

/// <summary>
/// ImageStreams whose DockerImage sources the API server would refuse under `allowedRegistriesForImport`
/// (origin ValidateImageStreamWithWhitelister): spec.dockerImageRepository and every spec.tags[].from of kind
/// DockerImage. The message is the platform's own.
/// </summary>
internal static class ImageStreamImports
{
    public const string InsecureRepositoryAnnotation = "openshift.io/image.insecureRepository";

    public static void Check(IReadOnlyList<PolicyDocument> documents, IReadOnlyList<AllowedRegistriesForImport> ruleSets, ICollection<PolicyProblem> problems)
    {
        if (ruleSets.Count == 0)
        {
            return;
        }
        foreach (var document in documents.Where(d => PolicyYaml.Kind(d.Root) == "ImageStream"))
        {
            var root = document.Root;
            var insecureRepository = (root.At("metadata", "annotations") as YamlMapping)?.ScalarAt(InsecureRepositoryAnnotation) == "true";
            if (root.At("spec", "dockerImageRepository") is YamlScalar { Value.Length: > 0 } repository)
            {
                Admit(document, repository, "spec.dockerImageRepository", insecureRepository, ruleSets, problems);
            }
            foreach (var tag in PolicyYaml.Items(root.At("spec", "tags")).OfType<YamlMapping>())
            {
                if (tag.ScalarAt("from", "kind") != "DockerImage" || tag.At("from", "name") is not YamlScalar from)
                {
                    continue;
                }
                var insecure = PolicyYaml.IsTrue(tag.At("importPolicy", "insecure")) || insecureRepository;
                Admit(document, from, $"spec.tags[{tag.ScalarAt("name")}].from.name", insecure, ruleSets, problems);
            }
        }
    }

    private static void Admit(PolicyDocument document, YamlScalar pullSpec, string field, bool insecure, IReadOnlyList<AllowedRegistriesForImport> ruleSets, ICollection<PolicyProblem> problems)
    {
        // A pull spec that does not parse is refused by the API server for that reason, reported elsewhere.
        if (!ImageReference.TryParse(pullSpec.Value, out var reference, out _))
        {
            return;
        }
        foreach (var rules in ruleSets)
        {
            if (rules.Admit(reference.WrittenRegistry ?? "", insecure) is { } denial)
            {
                var stream = PolicyYaml.ObjectName(document.Root);
                problems.Add(new PolicyProblem(
                    RuleIds.ImageRejectedByPolicy,
                    $"The {stream} import of \"{pullSpec.Value}\" is refused: {field}: Forbidden: {denial} ({rules.Source})",
                    document.File,
                    pullSpec.Span,
                    rules.Source));
            }
        }
    }
}
