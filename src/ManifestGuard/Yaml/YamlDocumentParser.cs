using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ManifestGuard.Yaml;

/// <summary>
/// Reads a multi-document YAML (or JSON) stream into position-carrying nodes.
/// Built on YamlDotNet's event parser with an explicit stack, so deep nesting cannot overflow the
/// call stack, and aliases share the anchored node instead of copying it, so an alias bomb costs
/// one node per alias rather than exponential memory.
/// </summary>
public static class YamlDocumentParser
{
    /// <summary>Deeper documents are refused: no real manifest nests this far, and hostile ones do.</summary>
    public const int MaxDepth = 1000;

    /// <summary>
    /// More nodes than this in one stream are refused. Each node costs about a hundred bytes, so a file
    /// of tiny scalars (`[a,a,a,…]`) would otherwise turn 16 MiB of text into a gigabyte of nodes; real
    /// manifests, large CRD bundles included, stay far below.
    /// </summary>
    public const int MaxNodes = 500_000;

    /// <summary>The documents of a stream and, when the stream is broken, the error and the documents read before it.</summary>
    public sealed record Result(IReadOnlyList<YamlNode> Documents, YamlParseException? Error);

    public static Result Parse(string text)
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
            return new Result(documents, null);
        }
        catch (YamlException e)
        {
            return new Result(documents, new YamlParseException(Describe(e), (int)e.Start.Line, (int)e.Start.Column));
        }
        catch (YamlParseException e)
        {
            return new Result(documents, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // YamlDotNet's scanner throws other exceptions than YamlException on some broken input (an
            // unclosed flow collection followed by block content, aaubry/YamlDotNet#541). It is still a
            // file that does not parse, not a crash of the scan: report where the scanner stopped.
            var at = scanner.CurrentPosition;
            return new Result(documents, new YamlParseException("the YAML parser could not continue here (an unclosed bracket or brace before this point?)", (int)at.Line, (int)at.Column));
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

    /// <summary>Turns the event stream into nodes; one open collection per stack frame.</summary>
    private sealed class Builder
    {
        private readonly Stack<Frame> _open = new();
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
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
                    Open(new Frame(mapping, mapping.Anchor, IsMapping: true));
                    return null;
                case SequenceStart sequence:
                    Open(new Frame(sequence, sequence.Anchor, IsMapping: false));
                    return null;
                case MappingEnd or SequenceEnd:
                    var frame = _open.Pop();
                    YamlNode collection = frame.IsMapping
                        ? new YamlMapping(frame.Entries, SpanOf(frame.Start, e))
                        : new YamlSequence(frame.Items, SpanOf(frame.Start, e));
                    Remember(frame.Anchor, collection);
                    return Add(collection, e);
                default:
                    return null;
            }
        }

        private void Count(ParsingEvent at)
        {
            if (++_nodes > MaxNodes)
            {
                throw new YamlParseException($"more than {MaxNodes} YAML nodes in one file; split it into smaller files", (int)at.Start.Line, (int)at.Start.Column);
            }
        }

        private void Open(Frame frame)
        {
            Count(frame.Start);
            if (_open.Count >= MaxDepth)
            {
                throw new YamlParseException($"nesting deeper than {MaxDepth} levels", (int)frame.Start.Start.Line, (int)frame.Start.Start.Column);
            }
            _open.Push(frame);
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
            if (_open.Count == 0)
            {
                return node;
            }
            var parent = _open.Peek();
            if (!parent.IsMapping)
            {
                parent.Items.Add(node);
            }
            else if (parent.PendingKey is null)
            {
                if (node is YamlScalar key && !parent.Keys.Add(key.Value))
                {
                    throw new YamlParseException($"duplicate key \"{key.Value}\"", (int)at.Start.Line, (int)at.Start.Column);
                }
                parent.PendingKey = node;
            }
            else
            {
                parent.Entries.Add(new KeyValuePair<YamlNode, YamlNode>(parent.PendingKey, node));
                parent.PendingKey = null;
            }
            return null;
        }

        private sealed record Frame(ParsingEvent Start, AnchorName Anchor, bool IsMapping)
        {
            public List<YamlNode> Items { get; } = [];

            public List<KeyValuePair<YamlNode, YamlNode>> Entries { get; } = [];

            public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

            public YamlNode? PendingKey { get; set; }
        }
    }
}
