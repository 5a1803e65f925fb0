using BenchmarkDotNet.Running;
using ManifestGuard.Benchmarks;

// `breakdown phases|retained CORPUS` runs the whole-corpus harness; anything else goes to BenchmarkDotNet
// (e.g. `--filter '*'`, `--list flat`, `--job short`).
if (args is ["breakdown", var mode, var corpus])
{
    return ScanBreakdown.Run(mode, corpus);
}
BenchmarkSwitcher.FromAssembly(typeof(Samples).Assembly).Run(args);
return 0;
