using ManifestGuard.Registry;

namespace ManifestGuard.Signatures.Lookaside;

/// <summary>
/// Reads simple-signing signatures from a registries.d lookaside, file:// or http(s)://, laid out as containers/image
/// lays them out: `&lt;lookaside&gt;/&lt;repository path&gt;@sha256=&lt;hex&gt;/signature-N`, N from 1, stopping at the
/// first that
/// is missing. Bounded: at most <see cref="MaxSignatures"/> signatures of at most <see cref="MaxSignatureBytes"/> each.
/// HTTP goes through the registry client's transport (timeout, redirects) and never carries registry credentials.
/// </summary>
internal static class LookasideReader
{
    public const int MaxSignatures = 64;
    public const int MaxSignatureBytes = 4 * 1024 * 1024;

    /// <summary>containers/image's built-in lookaside when registries.d names none: the node's own disk.</summary>
    public const string LocalDefault = "file:///var/lib/containers/sigstore";

    public static async Task<LookasideSignatures> ReadAsync(
        string lookaside,
        string repository,
        string digest,
        RegistryClient client,
        CancellationToken cancellationToken
    )
    {
        var algorithmAndHex = digest.Replace(':', '=');
        var prefix = lookaside.TrimEnd('/') + "/" + repository + "@" + algorithmAndHex;
        if (
            !Uri.TryCreate(prefix, UriKind.Absolute, out var baseUri)
            || baseUri.Scheme is not ("file" or "http" or "https")
        )
        {
            return new LookasideSignatures(
                [],
                prefix,
                $"the lookaside \"{lookaside}\" is not a file, http or https URL"
            );
        }
        var signatures = new List<byte[]>();
        for (var n = 1; n <= MaxSignatures; n++)
        {
            var uri = new Uri(prefix + "/signature-" + n);
            if (uri.IsFile)
            {
                var file = new FileInfo(uri.LocalPath);
                if (!file.Exists)
                {
                    break;
                }
                if (file.Length > MaxSignatureBytes)
                {
                    return new LookasideSignatures(
                        signatures,
                        prefix,
                        $"{uri.LocalPath} is larger than {MaxSignatureBytes / 1024 / 1024} MiB; refused"
                    );
                }
                signatures.Add(await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false));
                continue;
            }
            var answer = await client.GetUrlAsync(uri, MaxSignatureBytes, cancellationToken).ConfigureAwait(false);
            if (answer.IsMissing)
            {
                break;
            }
            if (answer.Body is not { } body)
            {
                return new LookasideSignatures(signatures, prefix, answer.Error);
            }
            signatures.Add(body);
        }
        return new LookasideSignatures(signatures, prefix, null);
    }
}
