using System.Text.RegularExpressions;

namespace ManifestGuard.Tests.Integrations;

/// <summary>
/// The release artifacts of this checkout for this machine (the linux-x64 Native AOT archive, the tool
/// package, SHA256SUMS), built once per test run by scripts/build-release.sh at the version the
/// repository declares. scripts/test.sh builds them before the tests and names the folder in
/// MANIFESTGUARD_RELEASE_ARTIFACTS; without it they are built here, in a snapshot of the working tree.
/// One build serves every test of the run (it takes minutes), so it is shared, and removed at exit.
/// </summary>
public sealed class ReleaseArtifacts
{
    private static readonly Lazy<ReleaseArtifacts> Built = new(() => new ReleaseArtifacts());

    private readonly string _root = Directory.CreateTempSubdirectory("manifestguard-release-").FullName;

    private ReleaseArtifacts()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(_root, recursive: true);
        Version = DeclaredVersion();
        if (Environment.GetEnvironmentVariable("MANIFESTGUARD_RELEASE_ARTIFACTS") is { Length: > 0 } prebuilt
            && File.Exists(Path.Combine(prebuilt, "SHA256SUMS")))
        {
            Folder = prebuilt;
            return;
        }
        var snapshot = Path.Combine(_root, "source");
        RepositorySnapshot.Create(snapshot);
        Folder = Path.Combine(_root, "release");
        var build = ProcessRunner.Run(snapshot, "bash", [Path.Combine(snapshot, "scripts", "build-release.sh"), Version],
            new Dictionary<string, string?> { ["OUT"] = Folder }, TimeSpan.FromMinutes(20));
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/build-release.sh failed: {build}");
        }
    }

    public static ReleaseArtifacts Shared => Built.Value;

    /// <summary>The version in Directory.Build.props: what the Action installs when no version is given.</summary>
    public string Version { get; }

    public string Folder { get; }

    public string Archive => Path.Combine(Folder, $"manifestguard-{Version}-linux-x64.tar.gz");

    /// <summary>A releases folder laid out as GitHub serves them (one v&lt;VERSION&gt;/ per release), from a copy of the artifacts.</summary>
    public string NewReleasesFolder(Action<string>? tamper = null)
    {
        var releases = Path.Combine(_root, $"releases-{Guid.NewGuid():N}");
        var release = Path.Combine(releases, "v" + Version);
        Directory.CreateDirectory(release);
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            File.Copy(file, Path.Combine(release, Path.GetFileName(file)));
        }
        tamper?.Invoke(release);
        return releases;
    }

    /// <summary>Unpacks the linux-x64 archive into <paramref name="folder"/>: the path of the native `manifestguard`.</summary>
    public string ExtractBinary(string folder)
    {
        Directory.CreateDirectory(folder);
        ProcessRunner.Check(folder, "tar", "-xzf", Archive);
        return Path.Combine(folder, "manifestguard");
    }

    public static string DeclaredVersion() =>
        Regex.Match(File.ReadAllText(RepositoryRoot.Combine("Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;
}
