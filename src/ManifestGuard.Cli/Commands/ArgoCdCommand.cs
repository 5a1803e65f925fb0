using System.CommandLine;
using System.Text;
using ManifestGuard.Analysis;
using ManifestGuard.Configuration;
using ManifestGuard.Discovery;
using ManifestGuard.Findings;
using ManifestGuard.Pinning;
using ManifestGuard.Rendering;
using ManifestGuard.Reporting.Text;
using ManifestGuard.Rules;

namespace ManifestGuard.Cli.Commands;

/// <summary>
/// `argocd generate`: the generate step of the Argo CD config management plugin. Run by the
/// cmp-server in the application's folder; renders it, checks what it rendered, and prints the
/// manifests on stdout when nothing reaches fail-on, or fails the render with the findings on stderr
/// (which Argo CD shows in the application's sync error).
/// </summary>
internal static class ArgoCdCommand
{
    /// <summary>
    /// The repo-server gives up on a manifest request after 60 s by default, whatever the plugin's own
    /// limit; kustomize gets 45 s of it, so the check and the answer still fit.
    /// </summary>
    private static readonly TimeSpan KustomizeTimeout = TimeSpan.FromSeconds(45);

    public static Command Create(CliConsole console)
    {
        var generate = new Command("generate", "Render the application in the current folder, check it, and print the manifests when they pass (the Argo CD plugin's generate step; parameters come from PARAM_* and ARGOCD_ENV_* variables)");
        generate.SetAction((_, cancellationToken) => GenerateAsync(console, cancellationToken));
        return new Command("argocd", "Argo CD config management plugin steps") { generate };
    }

    /// <summary>Renders, pins when asked, and checks the application in the console's working directory.</summary>
    public static async Task<int> GenerateAsync(CliConsole console, CancellationToken cancellationToken = default)
    {
        var appDirectory = console.WorkingDirectory;
        var getVariable = console.Environment;
        var stdout = console.OutputStream;
        var stderr = console.Error;
        ArgoCdParameters parameters;
        try
        {
            parameters = ArgoCdParameters.FromEnvironment(getVariable);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(e.Message, e);
        }
        var app = parameters.AppName is null ? "the application" : $"application \"{parameters.AppName}\"";
        var root = parameters.RepositoryRoot(appDirectory);
        var config = LoadConfig(appDirectory, root, parameters);
        if (parameters.AppNamespace is not null)
        {
            config = config with { DefaultNamespace = parameters.AppNamespace };
        }
        config = config with { Render = config.Render with { SearchPath = getVariable("PATH") } };

        RenderedApp rendered;
        try
        {
            rendered = AppRenderer.Render(appDirectory, root, config, KustomizeTimeout);
        }
        catch (RenderException e)
        {
            throw new RenderException($"cannot render {app}: {e.Message}", e);
        }

        if (parameters.Pin)
        {
            // Pin before checking, so what is checked is what Argo CD applies; a reference that does not
            // resolve fails the render rather than letting unpinned manifests through.
            var (pinned, failures) = await PinAsync(rendered, config, console, cancellationToken).ConfigureAwait(false);
            if (failures.Count > 0)
            {
                stderr.WriteLine($"manifestguard: cannot render {app}: {failures.Count} image reference(s) could not be pinned");
                foreach (var failure in failures)
                {
                    stderr.WriteLine($"  {failure.Location}: {failure.Message}");
                }
                return ExitCodes.RuntimeFailure;
            }
            rendered = pinned;
        }

        // A chart's render keeps its provenance (findings at values lines) unless pinning changed its text.
        List<ScanSource> sources = rendered.Rendered is { } render && rendered.Sources.Count == 1
            && ReferenceEquals(rendered.Sources[0], render.Text)
            ? [ScanSource.FromRendered(render)]
            : rendered.Sources.Select(ScanSource.FromText).ToList();
        sources.AddRange(rendered.OtherVariants.Select(ScanSource.FromRendered));
        var scanner = new ManifestScanner(config, RuleCatalog.Default)
        {
            RepositoryPolicies = RepositoryPolicies.ForApplication(appDirectory, root, config),
        };
        var result = scanner.Scan(sources, root);
        var active = result.Findings.Where(f => !f.IsSuppressed).ToList();
        if (FailurePolicy.Fails(result.Findings, parameters.FailOn))
        {
            WriteFailure(stderr, app, parameters, rendered, result.Findings, active);
            return ExitCodes.Findings;
        }

        var bytes = new UTF8Encoding(false).GetBytes(rendered.Stream());
        stdout.Write(bytes);
        stdout.Flush();
        return ExitCodes.Success;
    }

    /// <summary>Pins the rendered sources in memory: tag → tag@digest, no other byte changed.</summary>
    private static async Task<(RenderedApp App, IReadOnlyList<PinFailure> Failures)> PinAsync(
        RenderedApp rendered, ManifestGuardConfig config, CliConsole console, CancellationToken cancellationToken)
    {
        var files = rendered.Sources
            .Select(source => (ManifestFileSnapshot.FromBytes(source.FullPath ?? source.DisplayPath, new UTF8Encoding(false).GetBytes(source.Text)), source.DisplayPath))
            .ToList();
        using var client = RegistryClients.Create(config, console);
        var plan = await new Pinner(client, config).PlanAsync(files, _ => false, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (plan.Failures.Count > 0)
        {
            return (rendered, plan.Failures);
        }
        var newText = plan.Files.ToDictionary(f => f.DisplayPath, f => f.NewText, StringComparer.Ordinal);
        var sources = rendered.Sources
            .Select(source => newText.TryGetValue(source.DisplayPath, out var text) ? new SourceText(source.DisplayPath, source.FullPath, text) : source)
            .ToList();
        return (rendered with { Sources = sources }, []);
    }

    /// <summary>
    /// Argo CD shows "`manifestguard argocd generate` failed exit status 1: " and then this text, so the
    /// first line must stand alone; then one line per finding, without colour or source excerpts.
    /// </summary>
    private static void WriteFailure(TextWriter stderr, string app, ArgoCdParameters parameters, RenderedApp rendered, IReadOnlyList<Finding> all, IReadOnlyList<Finding> active)
    {
        var where = parameters.AppNamespace is null ? "" : $" (namespace {parameters.AppNamespace})";
        stderr.WriteLine($"manifestguard: {app}{where} is blocked by image policy: {TextReportWriter.Summary(all)} fail-on is {parameters.FailOn.Name()}.");
        if (rendered.Renderer == "kustomize")
        {
            stderr.WriteLine("Lines are those of the `kubectl kustomize` output.");
        }
        foreach (var finding in active)
        {
            var rule = RuleCatalog.Default.Find(finding.RuleId);
            var resource = finding.Resource is null ? "" : $" [{finding.Resource}{(finding.Container is null ? "" : $", container {finding.Container}")}]";
            stderr.WriteLine($"  {finding.File}:{finding.Span.StartLine}:{finding.Span.StartColumn}: {finding.Level.Name()} {finding.RuleId} {rule?.Name}: {finding.Message}{resource}");
        }
        stderr.WriteLine("Fix the manifests or suppress a finding (`# manifestguard:ignore RULE reason`); `manifestguard explain RULE` explains a rule.");
        stderr.Flush();
    }

    /// <summary>
    /// PARAM_CONFIG (relative to the repository root), else the nearest configuration from the app folder,
    /// not above the repository root.
    /// </summary>
    private static ManifestGuardConfig LoadConfig(string appDirectory, string root, ArgoCdParameters parameters)
    {
        if (parameters.ConfigPath is { } configured)
        {
            var full = Path.GetFullPath(configured, root);
            if (!File.Exists(full))
            {
                throw new ConfigurationException("no such configuration file (plugin parameter config)", configured, 0, 0);
            }
            return ConfigLoader.Load(full);
        }
        var found = ConfigLoader.Find(appDirectory, repositoryRoot: root);
        return found is null ? ManifestGuardConfig.Default : ConfigLoader.Load(found);
    }
}
