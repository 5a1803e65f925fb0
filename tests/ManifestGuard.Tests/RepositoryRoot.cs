namespace ManifestGuard.Tests;

/// <summary>Locates files of the repository (examples, rules) from the test assembly's folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = System.IO.Path.GetDirectoryName(directory))
        {
            if (File.Exists(System.IO.Path.Combine(directory, "ManifestGuard.sln")))
            {
                return directory;
            }
        }
        throw new InvalidOperationException("ManifestGuard.sln not found above the test assembly");
    }
}
