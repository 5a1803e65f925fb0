using System.Diagnostics;

namespace ManifestGuard.Yaml;

/// <summary>
/// Documents the <see cref="DocumentFilter"/> does not want: the rest of such a document is checked
/// ("skimmed") but not built, unless a key the filter keeps documents for turns up, and then the
/// document is read again in full.
/// </summary>
internal sealed partial class FastPathReader
{
    /// <summary>What a node is in the part of a document that is checked but not built.</summary>
    private static readonly YamlScalar Skimmed = new(string.Empty, ScalarStyle.Plain, null, default);
    private static readonly YamlMapping SkimmedMapping = new([], default);
    private static readonly YamlSequence SkimmedSequence = new([], default);

    private readonly SkimmedKeyComparer _skimmedKeyComparer;
    private readonly List<List<SkimmedKey>> _skimmedKeyBuffers = [];

    /// <summary>Where the document being read stands with the filter.</summary>
    private DocumentState _document;

    /// <summary>Nothing is built now: a value of a root entry of a document left out is being read.</summary>
    private bool _skimming;

    /// <summary>
    /// While skimming, the depth at which the second key of <see cref="DocumentFilter.KeepIfPath"/> makes the document
    /// wanted; -1 for none.
    /// </summary>
    private int _keepPathDepth = -1;

    private enum DocumentState
    {
        /// <summary>Read and built; its `kind` may still leave it out.</summary>
        Filtering,

        /// <summary>The filter does not want it: the values of its remaining root entries are skimmed.</summary>
        LeftOut,

        /// <summary>
        /// First left out, then found wanted: read again from its start, and built whatever its kind.
        /// </summary>
        InFull,
    }

    /// <summary>
    /// The value of a root entry, where the filter applies: once `kind` names a kind the caller does not
    /// want, the values after it are checked but not built, and the document is left out, unless a key
    /// the filter keeps documents for turns up.
    /// </summary>
    private FastPathResult ReadRootValue(
        int column, YamlScalar key, List<KeyValuePair<YamlNode, YamlNode>> entriesBefore, out YamlNode value)
    {
        if (_document != DocumentState.LeftOut)
        {
            var result = ReadValue(column, Here, inMapping: true, out value);
            if (result == FastPathResult.Ok && _filter is not null && _document == DocumentState.Filtering
                && key.ValueEquals("kind") && value is YamlScalar kind
                && !_filter.WantsKind(kind.Value) && !entriesBefore.Exists(KeepsDocument))
            {
                _document = DocumentState.LeftOut;
            }
            return result;
        }
        Debug.Assert(_filter is not null && !_skimming, "Only a filter leaves a document out, a root value at a time.");
        value = Skimmed;
        if (_filter.KeepIfRootKey.Contains(key.Value))
        {
            return FastPathResult.ReadInFull;
        }
        _keepPathDepth = key.ValueEquals(_filter.KeepIfPath.Root) ? _depth + 1 : -1;
        _skimming = true;
        var skimmed = ReadValue(column, Here, inMapping: true, out _);
        _skimming = false;
        _keepPathDepth = -1;
        return skimmed;
    }

    /// <summary>Whether a root entry read before `kind` makes the document wanted whatever its kind.</summary>
    private bool KeepsDocument(KeyValuePair<YamlNode, YamlNode> entry) =>
        entry.Key is YamlScalar key
        && (_filter!.KeepIfRootKey.Contains(key.Value)
            || (key.ValueEquals(_filter.KeepIfPath.Root) && entry.Value is YamlMapping child
                && child.KeyNode(_filter.KeepIfPath.Child) is not null));

    /// <summary>The duplicate-key check of a mapping that is not built, on the keys' text where it stands.</summary>
    private FastPathResult AddSkimmedKey(List<SkimmedKey> keys, ref HashSet<SkimmedKey>? keySet, SkimmedKey key)
    {
        Debug.Assert(_skimming, "Keys are compared as text only where nothing is built.");
        if (_depth == _keepPathDepth && _skimmedKeyComparer.Text(key).SequenceEqual(_filter!.KeepIfPath.Child))
        {
            return FastPathResult.ReadInFull;
        }
        if (keySet is null && keys.Count < MappingKeys.WithoutSet)
        {
            foreach (var existing in keys)
            {
                if (_skimmedKeyComparer.Equals(existing, key))
                {
                    return FastPathResult.Decline;
                }
            }
            keys.Add(key);
            return FastPathResult.Ok;
        }
        keySet ??= new HashSet<SkimmedKey>(keys, _skimmedKeyComparer);
        return keySet.Add(key) ? FastPathResult.Ok : FastPathResult.Decline;
    }

    /// <summary>
    /// A key as it stands in the text, to compare without building it; a quoted key with escapes carries its value.
    /// </summary>
    private static SkimmedKey KeyOf(int from, int end, ScalarStyle style, string? unescaped) =>
        unescaped is not null ? new SkimmedKey(from, 0, unescaped)
        : style == ScalarStyle.Plain ? new SkimmedKey(from, end - from, null)
        : new SkimmedKey(from + 1, end - from - 2, null);

    /// <summary>A key of a mapping not built: where it stands in the text, or its value when it has escapes.</summary>
    private readonly record struct SkimmedKey(int Start, int Length, string? Unescaped);

    private sealed class SkimmedKeyComparer(string text) : IEqualityComparer<SkimmedKey>
    {
        public ReadOnlySpan<char> Text(SkimmedKey key) => key.Unescaped ?? text.AsSpan(key.Start, key.Length);

        public bool Equals(SkimmedKey x, SkimmedKey y) => Text(x).SequenceEqual(Text(y));

        public int GetHashCode(SkimmedKey obj) => string.GetHashCode(Text(obj), StringComparison.Ordinal);
    }
}
