using ManifestGuard.Findings;
using ManifestGuard.Yaml;

namespace ManifestGuard.Policies;

/// <summary>
/// Where a policy's text came from, so problems point at a line the user can open: the policy file itself, or,
/// for a file embedded in a MachineConfig as a data: URL, the MachineConfig's line (the embedded text has no file).
/// </summary>
/// <param name="File">The reported file, relative to the scan root.</param>
/// <param name="Name">How verdicts and problems name the policy, e.g. `MachineConfig/99-worker-policy /etc/containers/policy.json`.</param>
/// <param name="Anchor">The embedding scalar, or null when positions in the text are positions in File.</param>
internal sealed record PolicyOrigin(string File, string Name, SourceSpan? Anchor)
{
    public SourceSpan Locate(SourceSpan inner) => Anchor ?? inner;

    public PolicyProblem Problem(string ruleId, string message, SourceSpan inner, FindingLevel? level = null) =>
        new(ruleId, Anchor is null ? message : $"{Name} line {inner.StartLine}: {message}", File, Locate(inner), Name, level);
}
