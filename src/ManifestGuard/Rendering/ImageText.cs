namespace ManifestGuard.Rendering;

/// <summary>
/// An image string cut where a user sets its parts: the name (registry and repository), the tag after
/// the last `:` that follows the last `/`, and the digest after `@`. Positions are those of the text, so
/// a part can be traced to what produced its characters; nothing is normalized.
/// </summary>
internal readonly record struct ImageText(string Name, string? Tag, string? Digest, int TagStart, int DigestStart)
{
    public static ImageText Split(string raw)
    {
        var at = raw.IndexOf('@', StringComparison.Ordinal);
        var nameAndTag = at < 0 ? raw : raw[..at];
        var digest = at < 0 ? null : raw[(at + 1)..];
        var colon = nameAndTag.LastIndexOf(':');
        var hasTag = colon > nameAndTag.LastIndexOf('/');
        return new ImageText(
            hasTag ? nameAndTag[..colon] : nameAndTag,
            hasTag ? nameAndTag[(colon + 1)..] : null,
            digest,
            hasTag ? colon + 1 : -1,
            at < 0 ? -1 : at + 1);
    }

    /// <summary>Where the name part ends: the tag's `:`, the digest's `@`, or the end.</summary>
    public int NameEnd => Name.Length;
}
