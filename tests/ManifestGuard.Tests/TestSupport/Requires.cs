namespace ManifestGuard.Tests.TestSupport;

/// <summary>
/// The trait that names an external program a test starts, so runs without it can leave those tests out:
/// `[Trait(Requires.Trait, Requires.Registry)]`, then `dotnet test --filter "Requires!=registry"`.
/// A test carries one trait per program it needs; scripts/test.sh installs the programs, and docs/development.md
/// lists the filters (<see cref="RequiresTraitTests"/> keeps the traits and the docs in step with this list).
/// </summary>
internal static class Requires
{
    public const string Trait = "Requires";

    /// <summary>Debian's `docker-registry` on 127.0.0.1, with images pushed (and signed) by `skopeo`.</summary>
    public const string Registry = "registry";

    /// <summary>GnuPG (`gpg`): the signature tests make keys and sign with it; skopeo verifies through it.</summary>
    public const string Gpg = "gpg";

    /// <summary>Debian's `pre-commit`, installing the hook from a git repository.</summary>
    public const string PreCommit = "pre-commit";

    /// <summary>`kubectl`: `kubectl kustomize` (or `kustomize`), the renderer of Kustomize applications.</summary>
    public const string Kubectl = "kubectl";

    /// <summary>`helm template`, the renderer of charts.</summary>
    public const string Helm = "helm";

    /// <summary>`git`, for repositories the test builds or reads.</summary>
    public const string Git = "git";

    /// <summary>Microsoft's SARIF validator (`sarif-multitool` from npm, with node).</summary>
    public const string SarifValidator = "sarif-validator";

    /// <summary>`python3`: the peak-memory wrapper, and with PyYAML and jsonschema the schema check.</summary>
    public const string Python = "python3";

    /// <summary>
    /// The native release artifacts (scripts/build-release.sh, which needs clang) unpacked with `tar`: built
    /// once per run unless MANIFESTGUARD_RELEASE_ARTIFACTS names a folder holding them.
    /// </summary>
    public const string Release = "release-build";

    /// <summary>`mknod` as root or through passwordless `sudo`, for device nodes in a test's own folder.</summary>
    public const string Mknod = "mknod";

    /// <summary>`curl`, which the GitHub Action's install step downloads the release with.</summary>
    public const string Curl = "curl";

    /// <summary>`jq`, which the GitHub Action's check step reads the SARIF log with.</summary>
    public const string Jq = "jq";
}
