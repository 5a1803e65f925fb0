namespace ManifestGuard.Findings;

/// <summary>How a finding compares with the baseline a check was given (SARIF's `baselineState`).</summary>
internal enum BaselineState
{
    /// <summary>Not in the baseline: it fails the check as usual.</summary>
    New,

    /// <summary>In the baseline: known when the baseline was written, reported as suppressed.</summary>
    Unchanged,
}
