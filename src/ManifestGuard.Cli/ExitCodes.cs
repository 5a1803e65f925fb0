namespace ManifestGuard.Cli;

/// <summary>The exit codes README promises (docs/architecture.md says which errors map to which).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Findings = 1;
    public const int UsageOrConfiguration = 2;
    public const int RuntimeFailure = 3;
}
