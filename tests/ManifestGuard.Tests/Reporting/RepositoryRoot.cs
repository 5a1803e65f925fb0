namespace ManifestGuard.Tests.Reporting;

/// <summary>The checkout the tests run from: the nearest folder above the test assembly that holds the solution.</summary>
internal static class RepositoryRoot
{
    public static string? Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ManifestGuard.sln")))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
