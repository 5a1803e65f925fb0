namespace ManifestGuard.Yaml;

/// <summary>
/// Tells the reader which documents its caller will read. A document whose root `kind` the caller does
/// not want is still read to the end, so a broken one is still reported, but no nodes are built for
/// the rest of it and it is left out of the result. Large resources the scan never looks into (custom
/// resource definitions above all) then cost a syntax check instead of a tree.
/// A root key in <see cref="KeepIfRootKey"/>, or the key path <see cref="KeepIfPath"/>, seen anywhere
/// in such a document, makes it read in full after all.
/// </summary>
/// <param name="WantsKind">Whether documents of this kind are read.</param>
/// <param name="KeepIfRootKey">Root keys that make any document wanted, whatever its kind.</param>
/// <param name="KeepIfPath">A root key and a key under it that make any document wanted.</param>
internal sealed record DocumentFilter(Func<string, bool> WantsKind, IReadOnlyList<string> KeepIfRootKey, (string Root, string Child) KeepIfPath);
