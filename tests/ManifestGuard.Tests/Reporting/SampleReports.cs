using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Reporting;
using ManifestGuard.Rules;
using ManifestGuard.Yaml;

namespace ManifestGuard.Tests.Reporting;

/// <summary>
/// Reports built by hand, so the writers are tested on every shape a finding can take (suppressed
/// either way, with a fix, from stdin, in files whose names need escaping) without running a scan.
/// </summary>
internal static class SampleReports
{
    public const string Version = "1.2.3";

    /// <summary>A scan root with a space and non-ASCII, in the platform's own path syntax.</summary>
    public static string RootDirectory => OperatingSystem.IsWindows() ? @"C:\src\my repo\dépôt" : "/src/my repo/dépôt";

    public const string SpacedFile = "apps/web deployment.yaml";

    public const string NonAsciiFile = "apps/café/ñandú.yaml";

    public static RuleCatalog Catalog { get; } = new([
        Rule(RuleIds.ImageNotPinned, "image-not-pinned", FindingLevel.Warning, "5.0"),
        Rule(RuleIds.ImageLatestTag, "image-latest-tag", FindingLevel.Error, "7.0"),
        Rule(RuleIds.BreakGlassUsed, "break-glass-used", FindingLevel.Warning, "6.0"),
        Rule(RuleIds.ManifestParseError, "manifest-parse-error", FindingLevel.Error, "3.0"),
    ]);

    public static ResourceIdentity Web { get; } = new("apps/v1", "Deployment", "shop", "web");

    /// <summary>An unpinned image, with the fix `pin` would write.</summary>
    public static Finding Unpinned(string file = SpacedFile, int line = 21, string image = "nginx:1.27") => new()
    {
        RuleId = RuleIds.ImageNotPinned,
        Level = FindingLevel.Warning,
        Message = $"image `{image}` is not pinned by digest; run `manifestguard pin` to pin it",
        File = file,
        Span = Span(line, 18, image.Length),
        Resource = Web,
        Container = "web",
        Field = "spec.template.spec.containers[0].image",
        Image = image,
        NormalizedImage = "docker.io/library/" + image,
        Fix = new FindingFix(
            "Pin the image to the digest its tag points at",
            Span(line, 18, image.Length),
            image + "@sha256:" + new string('a', 64)),
    };

    public static ScanReport Representative()
    {
        Finding[] findings =
        [
            Unpinned(),
            new()
            {
                RuleId = RuleIds.ImageLatestTag,
                Level = FindingLevel.Error,
                Message = "image `redis:latest` uses the tag `latest`, which can point at anything",
                File = NonAsciiFile,
                Span = Span(9, 16, "redis:latest".Length),
                Resource = new ResourceIdentity("v1", "Pod", "café", "cache"),
                Container = "redis",
                Field = "spec.containers[0].image",
                Image = "redis:latest",
                NormalizedImage = "docker.io/library/redis:latest",
                Suppression = new Suppression(SuppressionKind.InlineComment, "local development only"),
            },
            new()
            {
                RuleId = RuleIds.BreakGlassUsed,
                Level = FindingLevel.Warning,
                Message = "the pod carries the break-glass annotation `alpha.image-policy.k8s.io/break-glass: \"true\"`",
                File = NonAsciiFile,
                Span = Span(6, 5, 46),
                Resource = new ResourceIdentity("v1", "Pod", "café", "cache"),
                Policy = "breakGlass.annotations",
                Suppression = new Suppression(SuppressionKind.ResourceAnnotation, ""),
            },
            new()
            {
                RuleId = RuleIds.ManifestParseError,
                Level = FindingLevel.Error,
                Message = "mapping values are not allowed in this context",
                File = "broken.yaml",
                Span = SourceSpan.At(3, 7),
            },
            new()
            {
                RuleId = RuleIds.ImageNotPinned,
                Level = FindingLevel.Note,
                Message = "image `busybox` is not pinned by digest",
                File = SourceText.StdinName,
                Span = Span(8, 14, "busybox".Length),
                Resource = new ResourceIdentity("v1", "Pod", null, "debug"),
                Container = "sh",
                Image = "busybox",
                NormalizedImage = "docker.io/library/busybox:latest",
            },
        ];
        return Report(findings);
    }

    public static ScanReport Report(params Finding[] findings) => new(
        [.. findings.Order(FindingOrder.Instance)],
        new Dictionary<string, SourceText>(),
        RootDirectory,
        Catalog);

    public static SourceSpan Span(int line, int column, int length) => new(line, column, line, column + length, -1, -1);

    private static RuleDescriptor Rule(string id, string name, FindingLevel level, string severity) => new(
        id,
        name,
        level,
        $"Short description of {name}.",
        $"Full description of {name}.",
        $"## {name}\n\nHow to fix **{name}**.\n",
        ["security", "images"],
        severity);
}
