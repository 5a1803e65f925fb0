using ManifestGuard.References;

namespace ManifestGuard.Signatures.Identity;

/// <summary>
/// Which docker-reference a signature must claim for the image being pulled: the match types of
/// containers/image's signature/policy_reference_match.go, with the same edge cases (a signed identity without
/// tag or digest satisfies only the repository matches; matchExact wants the very same reference; remapIdentity
/// rewrites the image's name first and then matches like the default).
/// </summary>
/// <param name="Value">dockerReference, dockerRepository, or the remap prefix.</param>
/// <param name="SignedPrefix">remapIdentity's signedPrefix.</param>
internal sealed record SignedIdentity(SignedIdentityKind Kind, string? Value = null, string? SignedPrefix = null)
{
    public static SignedIdentity Default { get; } = new(SignedIdentityKind.MatchRepoDigestOrExact);

    /// <summary>
    /// Whether a signature claiming <paramref name="signed"/> is for <paramref name="intended"/> (name:tag or
    /// name@digest).
    /// </summary>
    public bool Matches(ImageReference intended, string signed)
    {
        if (!ImageReference.TryParse(signed, out var signature, out _))
        {
            return false;
        }
        switch (Kind)
        {
            case SignedIdentityKind.MatchExact:
                return !IsNameOnly(intended) && !IsNameOnly(signature) && signature.Normalized == intended.Normalized;
            case SignedIdentityKind.MatchRepoDigestOrExact:
                return RepoDigestOrExact(intended, signature);
            case SignedIdentityKind.MatchRepository:
                return signature.Name == intended.Name;
            case SignedIdentityKind.ExactReference:
                return ImageReference.TryParse(Value ?? "", out var exact, out _)
                    && !IsNameOnly(exact)
                    && !IsNameOnly(signature)
                    && signature.Normalized == exact.Normalized;
            case SignedIdentityKind.ExactRepository:
                return ImageReference.TryParse(Value ?? "", out var repository, out _)
                    && signature.Name == repository.Name;
            case SignedIdentityKind.RemapIdentity:
                return Remap(intended) is { } remapped && RepoDigestOrExact(remapped, signature);
            default:
                return false;
        }
    }

    public string Describe() =>
        Kind switch
        {
            SignedIdentityKind.MatchRepoDigestOrExact => "matchRepoDigestOrExact",
            SignedIdentityKind.MatchRepository => "matchRepository",
            SignedIdentityKind.MatchExact => "matchExact",
            SignedIdentityKind.ExactReference => $"exactReference {Value}",
            SignedIdentityKind.ExactRepository => $"exactRepository {Value}",
            _ => $"remapIdentity {Value} → {SignedPrefix}",
        };

    /// <summary>
    /// Tagged (with or without a digest): the whole reference must be equal; by digest only: the repository.
    /// </summary>
    private static bool RepoDigestOrExact(ImageReference intended, ImageReference signature)
    {
        if (IsNameOnly(signature))
        {
            return false;
        }
        if (intended.Tag is not null)
        {
            return signature.Normalized == intended.Normalized;
        }
        return intended.Digest is not null && signature.Name == intended.Name;
    }

    /// <summary>
    /// The image's reference with the prefix replaced by the signed prefix, when the prefix covers it at a
    /// `/`, `:` or `@` boundary (or whole); otherwise the reference itself, as containers/image leaves it.
    /// </summary>
    private ImageReference? Remap(ImageReference intended)
    {
        var text = intended.Normalized;
        var prefix = Value ?? "";
        var covered =
            text.Length == prefix.Length
                ? text == prefix
                : text.Length > prefix.Length
                    && text.StartsWith(prefix, StringComparison.Ordinal)
                    && text[prefix.Length] is ':' or '/' or '@';
        if (!covered)
        {
            return intended;
        }
        return ImageReference.TryParse(SignedPrefix + text[prefix.Length..], out var remapped, out _) ? remapped : null;
    }

    private static bool IsNameOnly(ImageReference reference) => reference.Tag is null && reference.Digest is null;
}
