using Org.BouncyCastle.Bcpg.OpenPgp;

namespace ManifestGuard.Signatures.OpenPgp;

/// <summary>
/// Verifies a simple-signing ("atomic container signature") signature: an OpenPGP signed message, usually
/// compressed, holding one one-pass signature, the JSON payload as literal data, and the signature. Only keys of
/// the requirement's keyring count; an expired or revoked key, an expired signature or one made in the future
/// is refused, as gpg refuses them for containers/image.
/// </summary>
internal static class SimpleSigningVerifier
{
    /// <summary>Payloads are a few hundred bytes; containers/image reads signatures of at most 4 MiB.</summary>
    public const int MaxPayloadBytes = 4 * 1024 * 1024;

    public static OpenPgpVerification Verify(byte[] signature, GpgKeyring keyring, DateTimeOffset now)
    {
        try
        {
            return VerifyMessage(signature, keyring, now);
        }
        catch (Exception e) when (e is IOException or PgpException or InvalidCastException or ArgumentException)
        {
            return OpenPgpVerification.Fail(SignatureCheck.Malformed, $"not an OpenPGP signed message ({e.Message})");
        }
    }

    private static OpenPgpVerification VerifyMessage(byte[] signature, GpgKeyring keyring, DateTimeOffset now)
    {
        using var input = PgpUtilities.GetDecoderStream(new MemoryStream(signature));
        var factory = new PgpObjectFactory(input);
        var item = factory.NextPgpObject();
        if (item is PgpCompressedData compressed)
        {
            factory = new PgpObjectFactory(compressed.GetDataStream());
            item = factory.NextPgpObject();
        }
        if (item is not PgpOnePassSignatureList { Count: 1 } onePassList)
        {
            return OpenPgpVerification.Fail(
                SignatureCheck.Malformed,
                "not an OpenPGP signed message with exactly one signature"
            );
        }
        var onePass = onePassList[0];
        if (factory.NextPgpObject() is not PgpLiteralData literal)
        {
            return OpenPgpVerification.Fail(SignatureCheck.Malformed, "the OpenPGP message carries no signed data");
        }
        var payload = ReadCapped(literal.GetInputStream());
        if (payload is null)
        {
            return OpenPgpVerification.Fail(
                SignatureCheck.Malformed,
                $"the signed payload is larger than {MaxPayloadBytes / 1024 / 1024} MiB"
            );
        }
        if (factory.NextPgpObject() is not PgpSignatureList { Count: 1 } signatures)
        {
            return OpenPgpVerification.Fail(SignatureCheck.Malformed, "the OpenPGP message ends without its signature");
        }
        var pgpSignature = signatures[0];
        if (pgpSignature.KeyId != onePass.KeyId)
        {
            return OpenPgpVerification.Fail(
                SignatureCheck.Malformed,
                "the signature's key differs from the one announced"
            );
        }
        if (keyring.Find(onePass.KeyId) is not { } found)
        {
            return OpenPgpVerification.Fail(
                SignatureCheck.WrongKey,
                $"signed by key {onePass.KeyId:X16}, which is not among the requirement's trusted keys"
            );
        }

        if (!SignatureVerifies(onePass, pgpSignature, found.Key, payload))
        {
            return OpenPgpVerification.Fail(
                SignatureCheck.WrongKey,
                $"the signature does not verify with key {Fingerprint(found.Primary)} "
                    + "(the payload was altered or the signature forged)"
            );
        }
        return CheckValidity(pgpSignature, found.Key, found.Primary, now) is { } invalid
            ? invalid
            : new OpenPgpVerification(payload, null);
    }

    private static bool SignatureVerifies(
        PgpOnePassSignature onePass,
        PgpSignature signature,
        PgpPublicKey key,
        byte[] payload
    )
    {
        if (RsaSigner.For(signature, key) is { } signer)
        {
            signer.BlockUpdate(payload, 0, payload.Length);
            var trailer = signature.GetSignatureTrailer();
            signer.BlockUpdate(trailer, 0, trailer.Length);
            return signer.VerifySignature(signature.GetSignature());
        }
        onePass.InitVerify(key);
        onePass.Update(payload);
        return onePass.Verify(signature);
    }

    private static OpenPgpVerification? CheckValidity(
        PgpSignature signature,
        PgpPublicKey key,
        PgpPublicKey primary,
        DateTimeOffset now
    )
    {
        var created = new DateTimeOffset(DateTime.SpecifyKind(signature.CreationTime, DateTimeKind.Utc));
        if (created > now.AddMinutes(5))
        {
            return OpenPgpVerification.Fail(
                SignatureCheck.Expired,
                $"the signature was made in the future ({created:u})"
            );
        }
        if (
            signature.GetHashedSubPackets()?.GetSignatureExpirationTime() is > 0 and var lifetime
            && created.AddSeconds(lifetime) <= now
        )
        {
            return OpenPgpVerification.Fail(
                SignatureCheck.Expired,
                $"the signature expired on {created.AddSeconds(lifetime):u}"
            );
        }
        foreach (var candidate in key.KeyId == primary.KeyId ? [primary] : new[] { key, primary })
        {
            if (candidate.HasRevocation())
            {
                return OpenPgpVerification.Fail(SignatureCheck.Expired, $"key {Fingerprint(candidate)} is revoked");
            }
            var validSeconds = candidate.GetValidSeconds();
            var keyCreated = new DateTimeOffset(DateTime.SpecifyKind(candidate.CreationTime, DateTimeKind.Utc));
            if (validSeconds > 0 && keyCreated.AddSeconds(validSeconds) <= now)
            {
                return OpenPgpVerification.Fail(
                    SignatureCheck.Expired,
                    $"key {Fingerprint(candidate)} expired on {keyCreated.AddSeconds(validSeconds):u}"
                );
            }
        }
        return null;
    }

    public static string Fingerprint(PgpPublicKey key) => Convert.ToHexString(key.GetFingerprint());

    private static byte[]? ReadCapped(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxPayloadBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
