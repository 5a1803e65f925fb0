using System.Diagnostics;
using System.Globalization;
using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Rules;
using ManifestGuard.Tests.Hardening;

namespace ManifestGuard.Benchmarks;

/// <summary>
/// How long the scan of each hostile input takes (the inputs the hardening tests check, from
/// tests/ManifestGuard.Tests/Hardening/HostileInputs.cs), against the bound a pull request may cost: 2 s
/// each, on one thread. The tests assert what the scanner makes of them; the time is measured here, where
/// a loaded machine shows as noise in a figure rather than as a failed test.
/// </summary>
public static class HostileInputTimes
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    /// <summary>Prints a Markdown table (median of <paramref name="runs"/> after one warm-up) and returns 1 when an input passes the bound.</summary>
    public static int Run(int runs)
    {
        var scanner = new ManifestScanner(ManifestGuardConfig.Default, RuleCatalog.Default) { MaxParallelism = 1 };
        var over = 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| hostile input | median ms ({runs} runs) | within {Bound.TotalSeconds:0} s |"));
        Console.WriteLine("|---|---:|---|");
        foreach (var name in HostileInputs.Names.Concat(HostileInputs.BacktrackingPolicies))
        {
            var source = new SourceText("hostile.yaml", null, HostileInputs.Text(name));
            scanner.Scan([], Path.GetTempPath(), source);
            var times = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                scanner.Scan([], Path.GetTempPath(), source);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            var median = times[times.Count / 2];
            var within = median < Bound.TotalMilliseconds;
            over += within ? 0 : 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {median:0.0} | {(within ? "yes" : "NO")} |"));
        }
        return over == 0 ? 0 : 1;
    }
}
