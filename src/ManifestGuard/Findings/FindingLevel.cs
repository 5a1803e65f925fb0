namespace ManifestGuard.Findings;

/// <summary>Levels as SARIF names them, from least to most severe; `Off` turns a rule off.</summary>
internal enum FindingLevel
{
    Off = 0,
    Note = 1,
    Warning = 2,
    Error = 3,
}
