namespace ManifestGuard.Policies.OpenShiftImagePolicy;

/// <summary>
/// When the Machine Config Operator considers one scope inside another (runtime-utils ScopeIsNestedInsideScope):
/// equal, a namespace or repository below it at a `/`, or a host under a `*.` wildcard (any port). A scope with a
/// tag or digest is not inside its repository's scope: the character after the repository is `:` or `@`, not `/`.
/// </summary>
internal static class ScopeNesting
{
    public static bool IsNestedInside(string subScope, string superScope)
    {
        if (subScope == superScope)
        {
            return true;
        }
        if (subScope.Length > superScope.Length && subScope.StartsWith(superScope, StringComparison.Ordinal) && subScope[superScope.Length] == '/')
        {
            return true;
        }
        if (superScope.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = superScope[1..];
            if (subScope.Contains(':', StringComparison.Ordinal))
            {
                var beforeColon = subScope.Split(':')[0];
                return beforeColon.EndsWith(suffix, StringComparison.Ordinal) && !beforeColon.Contains('/', StringComparison.Ordinal);
            }
            return subScope.Split('/')[0].EndsWith(suffix, StringComparison.Ordinal);
        }
        return false;
    }
}
