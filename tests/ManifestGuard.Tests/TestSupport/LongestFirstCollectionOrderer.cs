using ManifestGuard.Tests.Hardening;
using ManifestGuard.Tests.Integrations;
using ManifestGuard.Tests.Policies.ContainersPolicy;
using ManifestGuard.Tests.Registry;
using ManifestGuard.Tests.Signatures;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer(
    "ManifestGuard.Tests.TestSupport.LongestFirstCollectionOrderer", "ManifestGuard.Tests")]

namespace ManifestGuard.Tests.TestSupport;

/// <summary>
/// Starts the collections that take longest first, then the rest by name. Collections run in parallel, so the
/// suite's wall time is at least its longest collection's: started last, a long one would run alone at the
/// end while the other threads are idle. A collection that takes more than a minute or so belongs here.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    /// <summary>Display names, longest first: a named collection's name, or xunit's name for a class's own.</summary>
    private static readonly string[] Longest =
    [
        PinCrashSafetyGroup.Name,
        SkopeoPolicyGroup.Name,
        ClassCollection(typeof(GitHubActionSourceBuildTests)),
        ClassCollection(typeof(GitHubActionTests)),
        PreCommitTests.Name,
        PreCommitPinTests.Name,
        SignatureGroup.Name,
        RegistryGroup.Name,
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(collection => Rank(collection.DisplayName))
            .ThenBy(collection => collection.DisplayName, StringComparer.Ordinal);

    private static int Rank(string displayName)
    {
        var index = Array.IndexOf(Longest, displayName);
        return index < 0 ? Longest.Length : index;
    }

    private static string ClassCollection(Type type) => "Test collection for " + type.FullName;
}
