using System.Security.Cryptography;
using System.Text;

namespace ManifestGuard.Findings;

/// <summary>
/// What identifies a finding across commits: a hash of what it is about (rule, file, object, container,
/// image, policy) and not of where it sits, so moving a resource within its file keeps the identity
/// while a changed image makes a new one. SARIF's `partialFingerprints` and baseline files share it.
/// </summary>
internal static class FindingFingerprint
{
    public static string Compute(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(finding.StableKey)));
    }
}
