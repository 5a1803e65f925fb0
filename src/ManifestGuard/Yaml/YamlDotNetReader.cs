using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ManifestGuard.Yaml;

/// <summary>
/// Reads any YAML stream with YamlDotNet's event parser, and reports where a broken one stops.
/// Built with an explicit stack, so deep nesting cannot overflow the call stack, and aliases share
/// the anchored node instead of copying it, so an alias bomb costs one node per alias rather than
/// exponential memory.
/// </summary>
internal static class YamlDotNetReader
{
    public static YamlDocumentParser.Result Parse(string text)
    {
        var documents = new List<YamlNode>();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            var parser = new Parser(scanner);
            var builder = new Builder();
            while (parser.MoveNext())
            {
                var root = builder.Accept(parser.Current!);
                if (root is not null)
                {
                    documents.Add(root);
                }
            }
            return new YamlDocumentParser.Result(documents, null);
        }
        catch (YamlException e)
        {
            return new YamlDocumentParser.Result(documents, new YamlParseException(Describe(e), (int)e.Start.Line, (int)e.Start.Column));
        }
        catch (YamlParseException e)
        {
            return new YamlDocumentParser.Result(documents, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // YamlDotNet's scanner throws other exceptions than YamlException on some broken input (an
            // unclosed flow collection followed by block content, aaubry/YamlDotNet#541). It is still a
            // file that does not parse, not a crash of the scan: report where the scanner stopped.
            var at = scanner.CurrentPosition;
            return new YamlDocumentParser.Result(documents, new YamlParseException("the YAML parser could not continue here (an unclosed bracket or brace before this point?)", (int)at.Line, (int)at.Column));
        }
    }

    /// <summary>YamlDotNet prefixes its messages with the position; ours carry it separately.</summary>
    private static string Describe(YamlException e)
    {
        var message = e.InnerException is YamlException inner && inner.Message.Length > 0 ? inner.Message : e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && close > 0)
        {
            message = message[(close + 3)..];
        }
        return message.TrimEnd('.');
    }

    private static SourceSpan SpanOf(ParsingEvent start, ParsingEvent end) =>
        new((int)start.Start.Line, (int)start.Start.Column, (int)end.End.Line, (int)end.End.Column, (int)start.Start.Index, (int)end.End.Index);

    private static ScalarStyle StyleOf(YamlDotNet.Core.ScalarStyle style) => style switch
    {
        YamlDotNet.Core.ScalarStyle.SingleQuoted => ScalarStyle.SingleQuoted,
        YamlDotNet.Core.ScalarStyle.DoubleQuoted => ScalarStyle.DoubleQuoted,
        YamlDotNet.Core.ScalarStyle.Literal => ScalarStyle.Literal,
        YamlDotNet.Core.ScalarStyle.Folded => ScalarStyle.Folded,
        _ => ScalarStyle.Plain,
    };

    /// <summary>
    /// Turns the event stream into nodes; one open collection per stack frame. Frames are reused by
    /// depth and a frame allocates only the list its kind needs: building nodes costs about a third
    /// of the parse on a manifest corpus, most of it in these small collections.
    /// </summary>
    private sealed class Builder
    {
        private readonly List<Frame> _frames = [];
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private int _depth;
        private int _nodes;

        public YamlNode? Accept(ParsingEvent e)
        {
            switch (e)
            {
                case DocumentStart:
                    _anchors.Clear();
                    return null;
                case Scalar scalar:
                    Count(scalar);
                    var node = new YamlScalar(scalar.Value, StyleOf(scalar.Style), scalar.Tag.IsEmpty ? null : scalar.Tag.Value, SpanOf(scalar, scalar));
                    Remember(scalar.Anchor, node);
                    return Add(node, scalar);
                case AnchorAlias alias:
                    if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw new YamlParseException($"alias *{alias.Value.Value} refers to no anchor", (int)alias.Start.Line, (int)alias.Start.Column);
                    }
                    return Add(target, alias);
                case MappingStart mapping:
                    Open(mapping, mapping.Anchor, isMapping: true);
                    return null;
                case SequenceStart sequence:
                    Open(sequence, sequence.Anchor, isMapping: false);
                    return null;
                case MappingEnd or SequenceEnd:
                    var frame = _frames[--_depth];
                    YamlNode collection = frame.IsMapping
                        ? new YamlMapping(frame.Entries ?? [], SpanOf(frame.Start, e))
                        : new YamlSequence(frame.Items ?? [], SpanOf(frame.Start, e));
                    var anchor = frame.Anchor;
                    frame.Reset();
                    Remember(anchor, collection);
                    return Add(collection, e);
                default:
                    return null;
            }
        }

        private void Count(ParsingEvent at)
        {
            if (++_nodes > YamlDocumentParser.MaxNodes)
            {
                throw new YamlParseException($"more than {YamlDocumentParser.MaxNodes} YAML nodes in one file; split it into smaller files", (int)at.Start.Line, (int)at.Start.Column);
            }
        }

        private void Open(ParsingEvent start, AnchorName anchor, bool isMapping)
        {
            Count(start);
            if (_depth >= YamlDocumentParser.MaxDepth)
            {
                throw new YamlParseException($"nesting deeper than {YamlDocumentParser.MaxDepth} levels", (int)start.Start.Line, (int)start.Start.Column);
            }
            if (_depth == _frames.Count)
            {
                _frames.Add(new Frame(start, anchor, isMapping));
            }
            else
            {
                _frames[_depth].Open(start, anchor, isMapping);
            }
            _depth++;
        }

        private void Remember(AnchorName anchor, YamlNode node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }
        }

        /// <summary>Adds a finished node to the open collection; returns it when it is a document root.</summary>
        private YamlNode? Add(YamlNode node, ParsingEvent at)
        {
            if (_depth == 0)
            {
                return node;
            }
            var parent = _frames[_depth - 1];
            if (!parent.IsMapping)
            {
                (parent.Items ??= []).Add(node);
            }
            else if (parent.PendingKey is null)
            {
                if (node is YamlScalar key && !parent.AddKey(key))
                {
                    throw new YamlParseException($"duplicate key \"{key.Value}\"", (int)at.Start.Line, (int)at.Start.Column);
                }
                parent.PendingKey = node;
            }
            else
            {
                (parent.Entries ??= []).Add(new KeyValuePair<YamlNode, YamlNode>(parent.PendingKey, node));
                parent.PendingKey = null;
            }
            return null;
        }

        /// <summary>One open collection. The lists are handed to the node when it closes, so each collection gets new ones.</summary>
        private sealed class Frame
        {
            private HashSet<string>? _keys;

            public Frame(ParsingEvent start, AnchorName anchor, bool isMapping) => Open(start, anchor, isMapping);

            public ParsingEvent Start { get; private set; }

            public AnchorName Anchor { get; private set; }

            public bool IsMapping { get; private set; }

            public List<YamlNode>? Items { get; set; }

            public List<KeyValuePair<YamlNode, YamlNode>>? Entries { get; set; }

            public YamlNode? PendingKey { get; set; }

            [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(Start))]
            public void Open(ParsingEvent start, AnchorName anchor, bool isMapping)
            {
                Start = start;
                Anchor = anchor;
                IsMapping = isMapping;
            }

            /// <summary>Drops what the closed node now owns; <see cref="Start"/> stays until the frame is reused.</summary>
            public void Reset()
            {
                Anchor = AnchorName.Empty;
                Items = null;
                Entries = null;
                PendingKey = null;
                _keys = null;
            }

            /// <summary>Records a scalar key; false when the mapping already has it.</summary>
            public bool AddKey(YamlScalar key) => MappingKeys.TryAdd(Entries, ref _keys, key);
        }
    }
}
