using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ManifestGuard.Registry;

/// <summary>
/// Runs `docker-credential-NAME get` with the server address on stdin, the protocol of
/// docker-credential-helpers. Exit 1 with "credentials not found" means: none stored, go anonymous.
/// </summary>
internal sealed class CredentialHelper
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly RegistryEnvironment _environment;

    public CredentialHelper(RegistryEnvironment environment) => _environment = environment;

    /// <summary>The helper's executable, or null when it is not on PATH.</summary>
    public string? Locate(string name) => _environment.FindExecutable("docker-credential-" + name);

    public static async Task<RegistryCredential?> GetAsync(string executable, string serverAddress, CancellationToken cancellationToken)
    {
        var name = Path.GetFileNameWithoutExtension(executable);
        var start = new ProcessStartInfo(executable, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new RegistryCredentialException($"{name} could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RegistryCredentialException($"{name} could not be started ({e.Message})", e);
        }
        using var owned = process;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.StandardInput.WriteAsync(serverAddress).ConfigureAwait(false);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var stdout = await output.ConfigureAwait(false);
            var stderr = await error.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                if (stdout.Contains("credentials not found", StringComparison.OrdinalIgnoreCase)
                    || stderr.Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }
                // The helper's output is not repeated: a broken helper may print what it holds.
                throw new RegistryCredentialException($"{name} get failed for {serverAddress} (exit code {process.ExitCode})");
            }
            return Parse(name, serverAddress, stdout);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new RegistryCredentialException($"{name} get did not answer within {Timeout.TotalSeconds:0} s for {serverAddress}");
        }
    }

    private static RegistryCredential? Parse(string name, string serverAddress, string output)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            string? Read(string property) =>
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
            var username = Read("Username");
            var secret = Read("Secret");
            return string.IsNullOrEmpty(secret) ? null : new RegistryCredential(username ?? "", secret);
        }
        catch (JsonException)
        {
            throw new RegistryCredentialException($"{name} get answered something that is not JSON for {serverAddress}");
        }
    }
}
