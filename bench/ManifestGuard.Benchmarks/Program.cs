using BenchmarkDotNet.Running;
using ManifestGuard.Benchmarks;

// `breakdown phases|retained CORPUS` runs the whole-corpus harness; `hostile [RUNS]` times the hostile inputs
// against their bound; anything else goes to BenchmarkDotNet (e.g. `--filter '*'`, `--list flat`, `--job short`).
if (args is ["breakdown", var mode, var corpus])
{
    return ScanBreakdown.Run(mode, corpus);
}
if (args is ["hostile", .. var rest])
{
    return HostileInputTimes.Run(rest is [var runs] ? int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture) : 5);
}
BenchmarkSwitcher.FromAssembly(typeof(Samples).Assembly).Run(args);
return 0;
