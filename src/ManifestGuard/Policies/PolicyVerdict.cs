namespace ManifestGuard.Policies;

/// <summary>What one policy says about an image use; Policy names the object or file and the scope or rule.</summary>
internal sealed record PolicyVerdict(string RuleId, string Message, string Policy);
