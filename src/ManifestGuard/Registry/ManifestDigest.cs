using System.Buffers;
using System.Security.Cryptography;

namespace ManifestGuard.Registry;

/// <summary>Content digests as OCI writes them: `algorithm:lowercase-hex` of the exact bytes.</summary>
internal static class ManifestDigest
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static string Sha256(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The digest of <paramref name="content"/> in the algorithm <paramref name="digest"/> names, or null when we cannot compute that algorithm.</summary>
    public static string? Compute(string digest, ReadOnlySpan<byte> content)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var algorithm = colon < 0 ? "" : digest[..colon];
        return algorithm switch
        {
            "sha256" => Sha256(content),
            "sha384" => "sha384:" + Convert.ToHexStringLower(SHA384.HashData(content)),
            "sha512" => "sha512:" + Convert.ToHexStringLower(SHA512.HashData(content)),
            _ => null,
        };
    }

    /// <summary>True when the digest names a supported algorithm and matches the bytes.</summary>
    public static bool Matches(string digest, ReadOnlySpan<byte> content) =>
        Compute(digest, content) is { } computed && computed.Equals(digest, StringComparison.Ordinal);

    /// <summary>The shape of a digest a registry may send in a header: `sha256:` and 64 lowercase hex digits, and the like.</summary>
    public static bool IsWellFormed(string? digest) =>
        digest is not null && Compute(digest, []) is { } sample && sample.Length == digest.Length
        && digest.AsSpan(digest.IndexOf(':', StringComparison.Ordinal) + 1).IndexOfAnyExcept(LowerHex) < 0;
}
