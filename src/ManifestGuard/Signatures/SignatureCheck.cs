namespace ManifestGuard.Signatures;

/// <summary>Which check a signature failed: MG602's message names it.</summary>
internal enum SignatureCheck
{
    None,

    /// <summary>Not a signature at all (not OpenPGP, not a simple-signing payload, not the expected JSON).</summary>
    Malformed,

    /// <summary>Made by a key the requirement does not trust, or the cryptographic check failed.</summary>
    WrongKey,

    /// <summary>The key or signature expired, was revoked, or is not valid yet.</summary>
    Expired,

    /// <summary>The payload signs another manifest digest.</summary>
    DigestMismatch,

    /// <summary>The payload's docker-reference does not satisfy the requirement's signedIdentity.</summary>
    IdentityMismatch,

    /// <summary>The requirement's keys cannot be read, so nothing can verify.</summary>
    UnusableKeys,
}
