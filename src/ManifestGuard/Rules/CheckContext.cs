using ManifestGuard.Configuration;
using ManifestGuard.Findings;

namespace ManifestGuard.Rules;

/// <summary>What every check needs: the configuration and the levels it gives each rule.</summary>
internal sealed record CheckContext(ManifestGuardConfig Config, RuleCatalog Catalog)
{
    public FindingLevel LevelOf(string ruleId) => Config.LevelOf(ruleId, Catalog.Get(ruleId).DefaultLevel);

    public bool IsOn(string ruleId) => LevelOf(ruleId) != FindingLevel.Off;
}
