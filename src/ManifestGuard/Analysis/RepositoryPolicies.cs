using System.Text.RegularExpressions;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Policies;
using ManifestGuard.Policies.ContainersPolicy;
using ManifestGuard.Yaml;

namespace ManifestGuard.Analysis;

/// <summary>
/// The policy objects of the repository that lie outside the PATHs a command was given. A cluster
/// policy applies to every manifest whatever files a run names, so a pre-commit run on one staged file
/// must judge it by the same policies as a check of the whole repository. Only documents of policy
/// kinds are built from these files, and nothing is reported in them: a commit is not blocked by a
/// file it does not stage (a check of that file or of the whole repository reports its problems).
/// </summary>
/// <param name="Documents">The policy documents read from files outside the PATHs.</param>
/// <param name="Files">The display paths of the files read, where no finding is reported.</param>
internal sealed partial record RepositoryPolicies(IReadOnlyList<PolicyDocument> Documents, IReadOnlySet<string> Files)
{
    public static readonly RepositoryPolicies None = new([], new HashSet<string>(StringComparer.Ordinal));

    /// <summary>
    /// Policy kinds only. ImageStreams count as policy documents for a scan (their imports are checked
    /// where they are written), but outside the PATHs nothing is reported, so they are not built.
    /// No document carries the empty key path, so <see cref="DocumentFilter.KeepIfPath"/> keeps nothing more.
    /// </summary>
    public static readonly DocumentFilter PolicyDocumentsOnly = new(
        kind => kind != ImageStreamKind && PolicySet.IsPolicyKind(kind),
        [MachineConfigPolicies.ButaneVariantKey],
        ("", ""));

    private const string ImageStreamKind = "ImageStream";

    /// <summary>Whether a finding is in a file the command was given (not one read only for its policies).</summary>
    public bool IsReported(Finding finding) => !Files.Contains(finding.File);

    /// <summary>
    /// Reads the policy documents of every file of <see cref="ScanPlan.Repository"/> that the plan does not
    /// scan itself (those bring their documents through the scan, and are not counted twice). Files come from
    /// the plan's listing with the configuration's include and exclude globs, as a check of the repository
    /// finds them (what git ignores is left out when the configuration says so). Only files whose text names
    /// a policy kind are parsed. Files that cannot be read or parsed give what was read of them and no error.
    /// </summary>
    /// <param name="plan">The plan of the run.</param>
    /// <param name="maxParallelism">How many files are read at once; 0 for one per processor.</param>
    /// <param name="parseEveryFile">Parse files whose text names no policy kind too (the result is the same).</param>
    public static RepositoryPolicies Gather(ScanPlan plan, int maxParallelism = 0, bool parseEveryFile = false)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Repository is not { } repository)
        {
            return None;
        }
        var listing = plan.Listing ?? RepositoryListing.Create(repository, [], plan.Config.RespectGitIgnore);
        var scanned = plan.Inputs.Select(input => input.FullPath).ToHashSet(StringComparer.Ordinal);
        // Files the plan scans are left out before the globs are matched: a check of the whole repository
        // matches only the few files its globs did not take.
        var candidates = (listing.FilesUnder(repository) ?? [])
            .Where(file => !scanned.Contains(file.FullPath))
            .ToList();
        var config = plan.Config;
        var others = FileDiscovery.Select(candidates, plan.RootDirectory, repository, config.Include, config.Exclude)
            .OrderBy(input => input.DisplayPath, StringComparer.Ordinal)
            .ToList();
        var documents = OrderedParallel.Map(others, maxParallelism, input => Read(input, plan.Config, parseEveryFile))
            .SelectMany(read => read)
            .ToList();
        return new RepositoryPolicies(documents, documents.Select(d => d.File).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// The policies an Argo CD application is judged by, as `check` gathers them: those of every file of the
    /// repository outside the application's folder (the application's own files reach the check through its
    /// render, or as its plain files).
    /// </summary>
    public static RepositoryPolicies ForApplication(string appDirectory, string repository, ManifestGuardConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var listing = RepositoryListing.Create(repository, [], config.RespectGitIgnore);
        var own = (listing.FilesUnder(appDirectory) ?? [])
            .Select(file => new ScanInput(file.FullPath, FileDiscovery.DisplayPathOf(file.FullPath, repository)))
            .ToList();
        var plan = new ScanPlan(config, repository, own, ReadsStdin: false)
        {
            Repository = repository,
            Listing = listing,
        };
        return Gather(plan);
    }

    /// <summary>
    /// Whether a text can hold a policy document: it names a policy kind (or has the Butane `variant` key) as a
    /// whole word. A document's kind is written in its text, so a text without any of these names holds no
    /// policy, and is not parsed.
    /// </summary>
    public static bool MayHoldPolicy(string text) => PolicyKindName().IsMatch(text);

    [GeneratedRegex(
        @"\b(?:MachineConfig|Image|ClusterImagePolicy|ImagePolicy|variant)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PolicyKindName();

    private static List<PolicyDocument> Read(ScanInput input, ManifestGuardConfig config, bool parseEveryFile)
    {
        SourceText source;
        try
        {
            source = SourceReader.Read(input, config.MaxFileSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        if (source.Unreadable is not null || (!parseEveryFile && !MayHoldPolicy(source.Text)))
        {
            return [];
        }
        return YamlDocumentParser.Parse(source.Text, PolicyDocumentsOnly).Documents
            .OfType<YamlMapping>()
            .Where(root => PolicySet.IsPolicyDocument(root) && root.ScalarAt("kind") != ImageStreamKind)
            .Select(root => new PolicyDocument(input.DisplayPath, root))
            .ToList();
    }
}
