using BenchmarkDotNet.Attributes;
using ManifestGuard.Discovery;
using ManifestGuard.Workloads;
using ManifestGuard.Yaml;

namespace ManifestGuard.Benchmarks;

/// <summary>
/// Parse and extraction of one file: a typical Deployment (most files of a repository) and a big CRD
/// (most bytes of one). Parse alone separates YamlDotNet and our node building from extraction.
/// </summary>
[MemoryDiagnoser]
public class YamlExtractionBenchmarks
{
    private SourceText _deployment = null!;
    private SourceText _crd = null!;

    [GlobalSetup]
    public void Setup()
    {
        _deployment = new SourceText("deployment.yaml", null, Samples.Deployment());
        _crd = new SourceText("crd.yaml", null, Samples.BigCrd());
        if (YamlDocumentParser.Parse(_crd.Text).Error is not null || ExtractDeployment() != 3)
        {
            throw new InvalidOperationException("the samples must parse, and the Deployment has three images");
        }
    }

    [Benchmark(Description = "parse, Deployment")]
    public int ParseDeployment() => YamlDocumentParser.Parse(_deployment.Text).Documents.Count;

    [Benchmark(Description = "parse + extract, Deployment")]
    public int ExtractDeployment() => Extract(_deployment);

    [Benchmark(Description = "parse, CRD 400 kB")]
    public int ParseCrd() => YamlDocumentParser.Parse(_crd.Text).Documents.Count;

    [Benchmark(Description = "parse + extract, CRD 400 kB")]
    public int ExtractCrd() => Extract(_crd);

    private static int Extract(SourceText source)
    {
        var images = 0;
        foreach (var document in YamlDocumentParser.Parse(source.Text).Documents)
        {
            foreach (var obj in ImageExtractor.Objects(source, document))
            {
                if (ImageExtractor.PodTemplate(obj) is { } pod)
                {
                    images += ImageExtractor.Images(pod).Count();
                }
            }
        }
        return images;
    }
}
