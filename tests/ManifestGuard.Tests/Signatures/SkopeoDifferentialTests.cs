using ManifestGuard.Analysis;
using ManifestGuard.Findings;
using ManifestGuard.Registry;
using ManifestGuard.Rules;
using ManifestGuard.Tests.TestSupport;
using Xunit;

namespace ManifestGuard.Tests.Signatures;

/// <summary>
/// `check --online` against the real enforcer: for each case, skopeo (containers/image) copies the image under a
/// policy.json and registries.d, and ManifestGuard checks a pod using the same image under the same files. The
/// verdicts must be equal: admitted when skopeo copies, refused (MG302, MG601 or MG602) when it does not. Each
/// case also states the verdict it expects, so a broken rig cannot make both sides agree by failing alike.
/// In the data, {R} is the registry, {A} and {B} key files, {AB} one file holding both keys.
/// </summary>
[Trait(Requires.Trait, Requires.Registry)]
[Trait(Requires.Trait, Requires.Gpg)]
[Collection(SignatureGroup.Name)]
public sealed class SkopeoDifferentialTests(SigningFixture fixture)
{
    private const string SignedByA = """[{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "{A}"}]""";

    public static TheoryData<string, string, string, bool, string?> Cases =>
        new()
        {
            // name, image (repository, then :tag or @ for its digest), docker scopes, admitted, MG602 reason
            { "unsigned", "team/unsigned@", Team(SignedByA), false, null },
            { "signed by the trusted key", "team/signed@", Team(SignedByA), true, null },
            { "signed by another key", "team/by-b@", Team(SignedByA), false, "wrong key" },
            {
                "keyPaths with two keys of which one signs",
                "team/by-b@",
                Team("""[{"type": "signedBy", "keyType": "GPGKeys", "keyPaths": ["{A}", "{B}"]}]"""),
                true,
                null
            },
            {
                "a keyring file of several keys",
                "team/by-b@",
                Team("""[{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "{AB}"}]"""),
                true,
                null
            },
            {
                "keyData",
                "team/signed@",
                Team("""[{"type": "signedBy", "keyType": "GPGKeys", "keyData": "{A64}"}]"""),
                true,
                null
            },
            { "pulled by the signed tag", "team/signed:1", Team(SignedByA), true, null },
            {
                "signed for another repository, default identity",
                "team/moved@",
                Team(SignedByA),
                false,
                "identity mismatch"
            },
            { "signed for another repository, by tag", "team/moved:1", Team(SignedByA), false, "identity mismatch" },
            {
                "signed for another repository, matchRepository",
                "team/moved@",
                Team(Identity("""{"type": "matchRepository"}""")),
                false,
                "identity mismatch"
            },
            {
                "signed for another repository, matchExact",
                "team/moved@",
                Team(Identity("""{"type": "matchExact"}""")),
                false,
                "identity mismatch"
            },
            {
                "signed for another repository, matchRepoDigestOrExact",
                "team/moved@",
                Team(Identity("""{"type": "matchRepoDigestOrExact"}""")),
                false,
                "identity mismatch"
            },
            {
                "signed for another repository, exactRepository of it",
                "team/moved@",
                Team(Identity("""{"type": "exactRepository", "dockerRepository": "{R}/other/app"}""")),
                true,
                null
            },
            {
                "signed for another repository, exactRepository of another",
                "team/moved@",
                Team(Identity("""{"type": "exactRepository", "dockerRepository": "{R}/team/moved"}""")),
                false,
                "identity mismatch"
            },
            {
                "signed for another repository, exactReference of it",
                "team/moved@",
                Team(Identity("""{"type": "exactReference", "dockerReference": "{R}/other/app:1"}""")),
                true,
                null
            },
            {
                "signed for another repository, exactReference of another tag",
                "team/moved@",
                Team(Identity("""{"type": "exactReference", "dockerReference": "{R}/other/app:2"}""")),
                false,
                "identity mismatch"
            },
            {
                "signed for another repository, remapIdentity onto it",
                "team/moved@",
                Team(
                    Identity(
                        """{"type": "remapIdentity", "prefix": "{R}/team/moved", "signedPrefix": "{R}/other/app"}"""
                    )
                ),
                true,
                null
            },
            {
                "signed for another repository, remapIdentity elsewhere",
                "team/moved@",
                Team(
                    Identity(
                        """{"type": "remapIdentity", "prefix": "{R}/team/moved", "signedPrefix": "{R}/other/else"}"""
                    )
                ),
                false,
                "identity mismatch"
            },
            {
                "signed in its own repository, remapIdentity covering it",
                "team/signed@",
                Team(Identity("""{"type": "remapIdentity", "prefix": "{R}/team", "signedPrefix": "{R}/elsewhere"}""")),
                false,
                "identity mismatch"
            },
            {
                "signed in its own repository, remapIdentity not covering it",
                "team/signed@",
                Team(Identity("""{"type": "remapIdentity", "prefix": "{R}/other", "signedPrefix": "{R}/elsewhere"}""")),
                true,
                null
            },
            {
                "signed, matchExact by digest",
                "team/signed@",
                Team(Identity("""{"type": "matchExact"}""")),
                false,
                "identity mismatch"
            },
            { "signed, matchExact by tag", "team/signed:1", Team(Identity("""{"type": "matchExact"}""")), true, null },
            { "multi-arch image with every platform signed", "team/multi@", Team(SignedByA), true, null },
            { "multi-arch image unsigned", "team/multi-unsigned@", Team(SignedByA), false, null },
            {
                "lookaside inherited from a parent namespace",
                "ns/sub/app@",
                """{"{R}/ns": """ + SignedByA + "}",
                true,
                null
            },
            { "lookaside of default-docker", "team/signed@", """{"{R}": """ + SignedByA + "}", true, null },
            { "reject scope", "team/signed@", Team("""[{"type": "reject"}]"""), false, null },
            {
                "insecureAcceptAnything scope",
                "team/unsigned@",
                Team("""[{"type": "insecureAcceptAnything"}]"""),
                true,
                null
            },
            {
                "several requirements, one unmet",
                "team/signed@",
                Team(
                    """[{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "{A}"}, {"type": "signedBy", "keyType": "GPGKeys", "keyPath": "{B}"}]"""
                ),
                false,
                "wrong key"
            },
            {
                "several requirements, all met",
                "team/signed@",
                Team(
                    """[{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "{A}"}, {"type": "insecureAcceptAnything"}]"""
                ),
                true,
                null
            },
            {
                "unreadable key file",
                "team/signed@",
                Team("""[{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "{R-MISSING}"}]"""),
                false,
                "unusable keys"
            },
        };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Verdict_equals_skopeo(
        string name,
        string image,
        string dockerScopes,
        bool admitted,
        string? reason
    )
    {
        using var dir = new TempDirectory();
        var reference = await ReferenceAsync(image);
        var (skopeo, output, refusals) = await CompareAsync(
            dir,
            reference,
            dockerScopes,
            dockerScopes,
            fixture.RegistriesFile
        );

        Assert.True(
            admitted == skopeo,
            $"{name}: skopeo {(skopeo ? "admitted" : "refused")}, the case expects otherwise: {output}"
        );
        Assert.True(
            skopeo == (refusals.Count == 0),
            $"{name}: skopeo {(skopeo ? "admitted" : "refused")} ({output.Trim()}), ManifestGuard said: {string.Join(" | ", refusals.Select(f => f.RuleId + " " + f.Message))}"
        );
        if (reason is not null)
        {
            var invalid = Assert.Single(refusals);
            Assert.Equal(RuleIds.SignatureInvalid, invalid.RuleId);
            Assert.Contains(reason, invalid.Message, StringComparison.Ordinal);
        }
        else if (!admitted && !dockerScopes.Contains("reject", StringComparison.Ordinal))
        {
            Assert.Equal(RuleIds.SignatureMissing, Assert.Single(refusals).RuleId);
        }
    }

    /// <summary>
    /// Debian's skopeo cannot judge sigstore signatures, so the sigstore counterpart of each case (same image, an
    /// attachment signed by the matching ECDSA key for the same identity, the same policy with sigstoreSigned) must
    /// reach the verdict skopeo reaches on the GPG policy: identity, digest, scope and requirement logic are shared.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Sigstore_counterpart_reaches_the_verdict_skopeo_reaches_for_GPG(
        string name,
        string image,
        string dockerScopes,
        bool admitted,
        string? reason
    )
    {
        if (dockerScopes.Contains("{AB}", StringComparison.Ordinal))
        {
            // One file of several GPG keys is a keyring; for sigstore keyPaths covers several keys (case above).
            dockerScopes = dockerScopes.Replace(
                "\"keyPath\": \"{AB}\"",
                "\"keyPaths\": [\"{A}\", \"{B}\"]",
                StringComparison.Ordinal
            );
        }
        var sigstoreScopes = dockerScopes
            .Replace(
                "\"type\": \"signedBy\", \"keyType\": \"GPGKeys\"",
                "\"type\": \"sigstoreSigned\"",
                StringComparison.Ordinal
            )
            .Replace("{A64}", Convert.ToBase64String(File.ReadAllBytes(fixture.SigstoreKeyA)), StringComparison.Ordinal)
            .Replace("{A}", fixture.SigstoreKeyA, StringComparison.Ordinal)
            .Replace("{B}", fixture.SigstoreKeyB, StringComparison.Ordinal);
        using var dir = new TempDirectory();
        var reference = await ReferenceAsync(image);
        var (skopeo, output, refusals) = await CompareAsync(
            dir,
            reference,
            dockerScopes,
            sigstoreScopes,
            fixture.SigstoreRegistriesFile
        );

        Assert.True(admitted == skopeo, $"{name}: skopeo {(skopeo ? "admitted" : "refused")} the GPG case: {output}");
        Assert.True(
            skopeo == (refusals.Count == 0),
            $"{name}: skopeo {(skopeo ? "admitted" : "refused")} the GPG case, ManifestGuard on sigstore said: {string.Join(" | ", refusals.Select(f => f.RuleId + " " + f.Message))}"
        );
        if (reason is not null)
        {
            Assert.Contains(reason, Assert.Single(refusals).Message, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The Fulcio and PKI counterparts of every case one signer can express (keyPaths and keyrings of two keys have
    /// none): the attachments also carry the signing key's certificate (A: a@example.com, a.signers.example.com),
    /// its chain and a Rekor SET, and the policy trusts the test CA for A's identity instead of A's key. A signature
    /// by B then fails on the certificate's subject where the GPG case fails on the key.
    /// </summary>
    public static TheoryData<string, string, string, string, bool, string?> CertificateCases()
    {
        var rows = new TheoryData<string, string, string, string, bool, string?>();
        foreach (var row in Cases)
        {
            var scopes = (string)row[2];
            if (scopes.Contains("keyPaths", StringComparison.Ordinal) || scopes.Contains("{AB}", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var root in new[] { "fulcio", "pki" })
            {
                rows.Add(root, (string)row[0], (string)row[1], scopes, (bool)row[3], (string?)row[4]);
            }
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(CertificateCases))]
    public async Task Certificate_counterpart_reaches_the_verdict_skopeo_reaches_for_GPG(
        string root,
        string name,
        string image,
        string dockerScopes,
        bool admitted,
        string? reason
    )
    {
        var ca = fixture.CertificateAuthorityFile;
        var certificateScopes = dockerScopes
            .Replace("\"keyData\": \"{A64}\"", Trust(root, "a", "\"caData\": \"" + Convert.ToBase64String(File.ReadAllBytes(ca)) + "\""), StringComparison.Ordinal)
            .Replace("\"keyPath\": \"{R-MISSING}\"", Trust(root, "a", CaField(root, ca + ".missing")), StringComparison.Ordinal)
            .Replace("\"keyPath\": \"{A}\"", Trust(root, "a", CaField(root, ca)), StringComparison.Ordinal)
            .Replace("\"keyPath\": \"{B}\"", Trust(root, "b", CaField(root, ca)), StringComparison.Ordinal)
            .Replace("\"type\": \"signedBy\", \"keyType\": \"GPGKeys\"", "\"type\": \"sigstoreSigned\"", StringComparison.Ordinal);
        using var dir = new TempDirectory();
        var reference = await ReferenceAsync(image);
        var (skopeo, output, refusals) = await CompareAsync(dir, reference, dockerScopes, certificateScopes, fixture.SigstoreRegistriesFile);

        Assert.True(admitted == skopeo, $"{name}: skopeo {(skopeo ? "admitted" : "refused")} the GPG case: {output}");
        Assert.True(
            skopeo == (refusals.Count == 0),
            $"{name} ({root}): skopeo {(skopeo ? "admitted" : "refused")} the GPG case, ManifestGuard said: {string.Join(" | ", refusals.Select(f => f.RuleId + " " + f.Message))}"
        );
        if (reason is not null)
        {
            var expected = reason == "wrong key" ? "certificate subject" : reason;
            Assert.Contains(expected, Assert.Single(refusals).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_Fulcio_certificate_that_expired_before_Rekor_logged_it_is_MG602()
    {
        using var dir = new TempDirectory();
        var reference = await ReferenceAsync(SigningFixture.LateImage + "@");
        var policy = "[{\"type\": \"sigstoreSigned\", " + Trust("fulcio", "a", CaField("fulcio", fixture.CertificateAuthorityFile)) + "}]";
        Prepare(dir, reference, Team(policy), fixture.SigstoreRegistriesFile);

        var invalid = Assert.Single(await CheckOnlineAsync(dir.Path), f => f.RuleId == RuleIds.SignatureInvalid);

        Assert.Contains("expired: certificate", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("is not valid at the Rekor integrated time", invalid.Message, StringComparison.Ordinal);
    }

    private static string CaField(string root, string caFile) =>
        (root == "fulcio" ? "\"caPath\": \"" : "\"caRootsPath\": \"") + caFile + "\"";

    /// <summary>The trust root for signer <paramref name="signer"/> (a or b) with the CA given by <paramref name="ca"/>.</summary>
    private string Trust(string root, string signer, string ca) =>
        root == "fulcio"
            ? $"\"fulcio\": {{{ca}, \"oidcIssuer\": \"{TestSigstoreAuthority.OidcIssuer}\", \"subjectEmail\": \"{signer}@example.com\"}}, \"rekorPublicKeyPath\": \"{fixture.RekorKeyFile}\""
            : $"\"pki\": {{{ca}, \"subjectEmail\": \"{signer}@example.com\", \"subjectHostname\": \"{signer}.signers.example.com\"}}";

    [Fact]
    public async Task An_unpinned_image_is_verified_at_its_tag_and_still_gets_MG301()
    {
        using var dir = new TempDirectory();
        Prepare(dir, $"{fixture.Registry}/team/unsigned:1", Team(SignedByA), fixture.RegistriesFile);

        var findings = await CheckOnlineAsync(dir.Path);

        Assert.Contains(findings, f => f.RuleId == RuleIds.DigestRequiredByPolicy);
        var missing = Assert.Single(findings, f => f.RuleId == RuleIds.SignatureMissing);
        Assert.Contains(
            $"verified at {await fixture.DigestAsync("team/unsigned:1")}, what the tag points at now",
            missing.Message,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task A_multi_arch_image_names_the_platforms_it_checked()
    {
        using var dir = new TempDirectory();
        Prepare(dir, await ReferenceAsync("team/multi-unsigned@"), Team(SignedByA), fixture.RegistriesFile);

        var finding = Assert.Single(await CheckOnlineAsync(dir.Path), f => f.RuleId == RuleIds.SignatureMissing);

        Assert.Contains("Platforms checked: linux/amd64, linux/arm64.", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>skopeo copies under <paramref name="skopeoScopes"/>; ManifestGuard checks a pod under <paramref name="ourScopes"/>.</summary>
    private async Task<(bool Skopeo, string Output, List<Finding> Refusals)> CompareAsync(
        TempDirectory dir,
        string reference,
        string skopeoScopes,
        string ourScopes,
        string registriesFile
    )
    {
        // Every case compares with skopeo's verdict on its GPG policy: the first comparison starts them all.
        fixture.StartSkopeoVerdicts(SkopeoInputsAsync);
        // Outside the scanned folder: only ManifestGuard's own configuration names what it reads.
        Prepare(dir, reference, ourScopes, registriesFile);
        var skopeoVerdict = fixture.SkopeoVerdictAsync(PolicyJson(skopeoScopes), reference);
        var refusals = Refusals(await CheckOnlineAsync(dir.Path));
        var (skopeo, output) = await skopeoVerdict;
        return (skopeo, output, refusals);
    }

    /// <summary>The policy and image of every case, as <see cref="CompareAsync"/> hands them to skopeo.</summary>
    private async Task<IEnumerable<(string PolicyJson, string Image)>> SkopeoInputsAsync()
    {
        var inputs = new List<(string, string)>();
        foreach (var row in Cases)
        {
            inputs.Add((PolicyJson((string)row[2]), await ReferenceAsync((string)row[1])));
        }
        return inputs;
    }

    /// <summary>A repository with a pod using the image, and the policy.json and registries.d its configuration names.</summary>
    private void Prepare(TempDirectory dir, string reference, string dockerScopes, string registriesFile)
    {
        dir.Write("cluster/policy.json", PolicyJson(dockerScopes));
        dir.Write("cluster/registries.d/registries.yaml", File.ReadAllText(registriesFile));
        dir.Write(".manifestguard.yaml", "policyFiles: [cluster/policy.json, cluster/registries.d/registries.yaml]\n");
        dir.Write("app/pod.yaml", TestScan.Pod(reference));
    }

    /// <summary>`check --online` of a folder, as the command runs it (repository-wide policies included); unsuppressed findings.</summary>
    internal static async Task<IReadOnlyList<Finding>> CheckOnlineAsync(string directory)
    {
        var plan = ScanPlan.Prepare([directory], null, directory);
        var scan = new ManifestScanner(plan.Config, RuleCatalog.Default)
        {
            RepositoryPolicies = RepositoryPolicies.Gather(plan),
        }.Scan(plan.Inputs, plan.RootDirectory, null);
        using var client = new RegistryClient(new RegistryClientOptions());
        var (result, errors) = await OnlineScan.AddAsync(
            scan,
            new CheckContext(plan.Config, RuleCatalog.Default),
            client
        );
        Assert.Empty(errors);
        return result.Findings.Where(f => !f.IsSuppressed).ToList();
    }

    private Task<string> ReferenceAsync(string image) => fixture.ReferenceAsync(image);

    /// <summary>The findings that stand for a refused pull: MG302, MG601, MG602.</summary>
    internal static List<Finding> Refusals(IEnumerable<Finding> findings) =>
        findings
            .Where(f =>
                f.RuleId is RuleIds.ImageRejectedByPolicy or RuleIds.SignatureMissing or RuleIds.SignatureInvalid
            )
            .ToList();

    private string Expand(string text) =>
        text.Replace("{R-MISSING}", Path.Combine(fixture.WorkDirectory, "no-such-key.asc"), StringComparison.Ordinal)
            .Replace("{R}", fixture.Registry, StringComparison.Ordinal)
            .Replace("{AB}", fixture.KeysAB, StringComparison.Ordinal)
            .Replace("{A64}", Convert.ToBase64String(File.ReadAllBytes(fixture.KeyA)), StringComparison.Ordinal)
            .Replace("{A}", fixture.KeyA, StringComparison.Ordinal)
            .Replace("{B}", fixture.KeyB, StringComparison.Ordinal);

    private string PolicyJson(string dockerScopes) =>
        """{"default": [{"type": "insecureAcceptAnything"}], "transports": {"docker": """ + Expand(dockerScopes) + "}}";

    private static string Team(string requirements) => """{"{R}/team": """ + requirements + "}";

    private static string Identity(string signedIdentity) =>
        """[{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "{A}", "signedIdentity": """ + signedIdentity + "}]";
}
