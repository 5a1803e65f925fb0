using ManifestGuard.Findings;

namespace ManifestGuard.Reporting.Sarif;

/// <summary>
/// The `partialFingerprints` entry that lets code scanning match a result across commits. It hashes
/// what the finding is about (rule, file, object, container, image, policy) and not where it sits, so
/// moving a resource within its file keeps the alert, while a changed image opens a new one.
/// </summary>
internal static class SarifFingerprint
{
    /// <summary>Versioned so that a change of the key's recipe can be told apart from a new finding.</summary>
    public const string Key = "manifestguard/v1";

    public static string Compute(Finding finding) => FindingFingerprint.Compute(finding);
}
