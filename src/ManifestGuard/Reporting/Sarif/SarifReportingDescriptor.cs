namespace ManifestGuard.Reporting.Sarif;

/// <summary>A rule as SARIF describes it; code scanning shows its help and ranks by its security severity.</summary>
internal sealed record SarifReportingDescriptor(
    string Id,
    string Name,
    SarifMessage ShortDescription,
    SarifMessage FullDescription,
    SarifMessage Help,
    string HelpUri,
    SarifReportingConfiguration DefaultConfiguration,
    SarifRuleProperties Properties);
