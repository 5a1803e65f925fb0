using Xunit;

namespace ManifestGuard.Tests.Registry;

/// <summary>Writes `docker-credential-NAME` shell scripts that speak the credential-helper protocol, for real process runs.</summary>
internal static class CredentialHelperScripts
{
    /// <summary>A helper that knows one server and answers "credentials not found" (exit 1) for any other.</summary>
    public static string Write(string directory, string name, string server, string username, string secret)
    {
        var path = Path.Combine(directory, "docker-credential-" + name);
        File.WriteAllText(path,
            "#!/bin/sh\n"
            + "[ \"$1\" = get ] || exit 2\n"
            + "read -r server\n"
            + $"if [ \"$server\" = '{server}' ]; then\n"
            + $"  printf '%s' '{{\"ServerURL\":\"{server}\",\"Username\":\"{username}\",\"Secret\":\"{secret}\"}}'\n"
            + "  exit 0\n"
            + "fi\n"
            + "echo 'credentials not found in native keychain'\n"
            + "exit 1\n");
        // Shell scripts are a Unix thing; these tests run where the Debian registry runs.
        Assert.False(OperatingSystem.IsWindows());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }
}
