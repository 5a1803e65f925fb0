using BenchmarkDotNet.Attributes;
using ManifestGuard.References;

namespace ManifestGuard.Benchmarks;

/// <summary>ImageReference.TryParse over the mix in <see cref="Samples.References"/>: every reference of every scanned pod goes through it.</summary>
[MemoryDiagnoser]
public class ReferenceParsingBenchmarks
{
    private readonly string[] _references = Samples.References;

    [Benchmark(Description = "TryParse, 16 references")]
    public int TryParseMix()
    {
        var valid = 0;
        foreach (var text in _references)
        {
            if (ImageReference.TryParse(text, out var reference, out _) && reference.Normalized.Length > 0)
            {
                valid++;
            }
        }
        return valid;
    }
}
