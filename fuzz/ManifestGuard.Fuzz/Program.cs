using ManifestGuard.Fuzz;
using SharpFuzz;

// One target per run, named by the first argument; afl-fuzz feeds each input on stdin through SharpFuzz.
if (args.Length != 1 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    await Console.Error.WriteLineAsync($"usage: ManifestGuard.Fuzz TARGET (one of: {string.Join(", ", FuzzTargets.All.Keys)})");
    return 2;
}
Fuzzer.OutOfProcess.Run(stream => target(FuzzTargets.ReadText(stream)));
return 0;
