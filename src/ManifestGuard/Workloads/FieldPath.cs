using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ManifestGuard.Yaml;

namespace ManifestGuard.Workloads;

/// <summary>
/// A dotted path to fields of an object, where `[*]` stands for every item of a list and `[N]` for one:
/// `spec.components[*].image`. Written by users (the `workloads` configuration) and by the kind table.
/// </summary>
internal sealed class FieldPath
{
    /// <summary>One step: a mapping key, then any number of list indexes (-1 for every item).</summary>
    private sealed record Step(string Key, IReadOnlyList<int> Indexes);

    private const int EveryItem = -1;

    private readonly IReadOnlyList<Step> _steps;

    private FieldPath(string text, IReadOnlyList<Step> steps)
    {
        Text = text;
        _steps = steps;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    public override string ToString() => Text;

    /// <summary>A path the kind table writes; it must parse.</summary>
    public static FieldPath Of(string text) =>
        TryParse(text, out var path, out var error) ? path : throw new ArgumentException(error, nameof(text));

    public static bool TryParse(string text, [NotNullWhen(true)] out FieldPath? path, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        path = null;
        var steps = new List<Step>();
        foreach (var segment in text.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var key = bracket < 0 ? segment : segment[..bracket];
            if (key.Length == 0 || key.Contains(']', StringComparison.Ordinal))
            {
                error = "every part between dots must start with a field name (as in spec.containers[*].image)";
                return false;
            }
            var indexes = new List<int>();
            for (var rest = bracket < 0 ? "" : segment[bracket..]; rest.Length > 0;)
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (rest[0] != '[' || close < 0)
                {
                    error = $"\"{segment}\": a list index is written [*] or [N]";
                    return false;
                }
                var inside = rest[1..close];
                if (inside == "*")
                {
                    indexes.Add(EveryItem);
                }
                else if (int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    indexes.Add(index);
                }
                else
                {
                    error = $"\"{segment}\": \"[{inside}]\" is not [*] or a list index";
                    return false;
                }
                rest = rest[(close + 1)..];
            }
            steps.Add(new Step(key, indexes));
        }
        path = new FieldPath(text, steps);
        error = "";
        return true;
    }

    /// <summary>A node the path reaches, with its path (indexes filled in) and the mapping that holds it.</summary>
    public sealed record Match(YamlNode Node, string Path, YamlMapping Holder);

    /// <summary>Every node the path reaches from <paramref name="start"/>, in document order.</summary>
    public IEnumerable<Match> Find(YamlMapping start) => Find(start, 0, "");

    private IEnumerable<Match> Find(YamlMapping mapping, int stepIndex, string prefix)
    {
        var step = _steps[stepIndex];
        if (mapping[step.Key] is not { } value)
        {
            yield break;
        }
        var path = prefix.Length == 0 ? step.Key : prefix + "." + step.Key;
        foreach (var (node, indexed) in Items(value, step.Indexes, 0, path))
        {
            if (stepIndex == _steps.Count - 1)
            {
                yield return new Match(node, indexed, mapping);
            }
            else if (node is YamlMapping next)
            {
                foreach (var match in Find(next, stepIndex + 1, indexed))
                {
                    yield return match;
                }
            }
        }
    }

    private static IEnumerable<(YamlNode Node, string Path)> Items(
        YamlNode node, IReadOnlyList<int> indexes, int depth, string path)
    {
        if (depth == indexes.Count)
        {
            yield return (node, path);
            yield break;
        }
        if (node is not YamlSequence sequence)
        {
            yield break;
        }
        var wanted = indexes[depth];
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (wanted == EveryItem || wanted == i)
            {
                var itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                foreach (var item in Items(sequence.Items[i], indexes, depth + 1, itemPath))
                {
                    yield return item;
                }
            }
        }
    }
}
