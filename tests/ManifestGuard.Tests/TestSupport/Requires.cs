namespace ManifestGuard.Tests.TestSupport;

/// <summary>
/// The trait that names an external program a test starts, so runs without it can leave those tests out:
/// `[Trait(Requires.Trait, Requires.Registry)]`, then `dotnet test --filter "Requires!=registry"`.
/// scripts/test.sh installs every one of them; README's development section lists the filters.
/// </summary>
internal static class Requires
{
    public const string Trait = "Requires";

    /// <summary>Debian's `docker-registry` started on 127.0.0.1, with images pushed (and signed) by `skopeo`.</summary>
    public const string Registry = "registry";

    /// <summary>Debian's `pre-commit`, installing the hook from a git repository.</summary>
    public const string PreCommit = "pre-commit";

    /// <summary>`kubectl kustomize`, the renderer of Kustomize applications.</summary>
    public const string Kubectl = "kubectl";

    /// <summary>`helm template`, the renderer of charts.</summary>
    public const string Helm = "helm";

    /// <summary>`git`, for repositories the test builds or reads.</summary>
    public const string Git = "git";

    /// <summary>Microsoft's SARIF validator (`sarif-multitool` from npm, with node).</summary>
    public const string SarifValidator = "sarif-validator";
}
