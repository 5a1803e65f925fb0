using System.Text;

namespace ManifestGuard.Pinning;

/// <summary>
/// A unified diff (`--- a/path`, `+++ b/path`, `@@` hunks with context) as `git apply` and `patch -p1`
/// read it, for `pin --dry-run --diff`. Lines are compared with Myers' algorithm; a CR stays part of its
/// line, so CRLF files diff as they are.
/// </summary>
internal static class UnifiedDiff
{
    public const int DefaultContext = 3;

    /// <summary>The diff of two texts, or empty when they are equal.</summary>
    public static string Create(string path, string oldText, string newText, int context = DefaultContext)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        if (oldText == newText)
        {
            return "";
        }
        var a = SplitLines(oldText);
        var b = SplitLines(newText);
        var script = Compare(a, b);
        var output = new StringBuilder();
        output.Append("--- a/").Append(path).Append('\n');
        output.Append("+++ b/").Append(path).Append('\n');
        foreach (var hunk in Hunks(script, context))
        {
            WriteHunk(output, script, hunk, a, b);
        }
        return output.ToString();
    }

    private enum Op
    {
        Equal,
        Delete,
        Insert,
    }

    /// <summary>One step of the edit script: the line's index in the old and new text (the side it belongs to).</summary>
    private readonly record struct Step(Op Op, int OldIndex, int NewIndex);

    /// <summary>Lines with their terminator removed; the last line records whether it had one.</summary>
    private sealed record Line(string Text, bool HasNewline);

    private static List<Line> SplitLines(string text)
    {
        var lines = new List<Line>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            if (newline < 0)
            {
                lines.Add(new Line(text[start..], HasNewline: false));
                break;
            }
            lines.Add(new Line(text[start..newline], HasNewline: true));
            start = newline + 1;
        }
        return lines;
    }

    /// <summary>Myers' O(ND) shortest edit script; the trace keeps only the 2d+1 diagonals each round reaches.</summary>
    private static List<Step> Compare(List<Line> a, List<Line> b)
    {
        int n = a.Count, m = b.Count, max = n + m, offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            var snapshot = new int[2 * d + 1];
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    for (var j = -d; j <= d; j++)
                    {
                        snapshot[j + d] = v[offset + j];
                    }
                    trace.Add(snapshot);
                    return Backtrack(trace, n, m);
                }
            }
            for (var j = -d; j <= d; j++)
            {
                snapshot[j + d] = v[offset + j];
            }
            trace.Add(snapshot);
        }
        throw new InvalidOperationException("unreachable: an edit script of length n+m always exists");
    }

    private static List<Step> Backtrack(List<int[]> trace, int n, int m)
    {
        var steps = new List<Step>();
        int x = n, y = m;
        for (var d = trace.Count - 1; d > 0; d--)
        {
            var previous = trace[d - 1];
            int At(int k) => previous[k + d - 1];
            var k = x - y;
            var previousK = k == -d || (k != d && At(k - 1) < At(k + 1)) ? k + 1 : k - 1;
            var previousX = At(previousK);
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY)
            {
                steps.Add(new Step(Op.Equal, --x, --y));
            }
            steps.Add(x == previousX ? new Step(Op.Insert, x, --y) : new Step(Op.Delete, --x, y));
        }
        while (x > 0 && y > 0)
        {
            steps.Add(new Step(Op.Equal, --x, --y));
        }
        steps.Reverse();
        return steps;
    }

    /// <summary>Ranges [start, end) of the script to print: each change with its context, nearby ones merged.</summary>
    private static List<(int Start, int End)> Hunks(List<Step> script, int context)
    {
        var hunks = new List<(int Start, int End)>();
        for (var i = 0; i < script.Count; i++)
        {
            if (script[i].Op == Op.Equal)
            {
                continue;
            }
            var start = Math.Max(0, i - context);
            var lastChange = i;
            while (i + 1 < script.Count)
            {
                var next = script.FindIndex(i + 1, s => s.Op != Op.Equal);
                if (next < 0 || next - lastChange > 2 * context)
                {
                    break;
                }
                i = next;
                lastChange = next;
            }
            hunks.Add((start, Math.Min(script.Count, lastChange + context + 1)));
        }
        return hunks;
    }

    private static void WriteHunk(StringBuilder output, List<Step> script, (int Start, int End) hunk, List<Line> a, List<Line> b)
    {
        int oldStart = -1, newStart = -1, oldCount = 0, newCount = 0;
        for (var i = hunk.Start; i < hunk.End; i++)
        {
            var step = script[i];
            if (step.Op != Op.Insert)
            {
                oldCount++;
            }
            if (step.Op != Op.Delete)
            {
                newCount++;
            }
        }
        // The first line of each side inside the hunk; an empty side is numbered by the line before it, as GNU diff does.
        var first = script[hunk.Start];
        oldStart = first.OldIndex + (oldCount == 0 ? 0 : 1);
        newStart = first.NewIndex + (newCount == 0 ? 0 : 1);
        output.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
        for (var i = hunk.Start; i < hunk.End; i++)
        {
            var step = script[i];
            var (marker, line) = step.Op switch
            {
                Op.Equal => (' ', a[step.OldIndex]),
                Op.Delete => ('-', a[step.OldIndex]),
                _ => ('+', b[step.NewIndex]),
            };
            output.Append(marker).Append(line.Text).Append('\n');
            if (!line.HasNewline)
            {
                output.Append("\\ No newline at end of file\n");
            }
        }
    }

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{start},{count}";
}
