using System.CommandLine;
using ManifestGuard.Configuration;
using ManifestGuard.Init;

namespace ManifestGuard.Cli.Commands;

/// <summary>`init [PATH]`: writes a starter `.manifestguard.yaml` from what the repository holds.</summary>
internal static class InitCommand
{
    public static Command Create(CliConsole console)
    {
        var path = new Argument<string>("PATH")
        {
            Description = "The repository (or folder) to look at; the file is written at its root (default: the current folder)",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var force = new Option<bool>("--force") { Description = $"Overwrite an existing {ConfigLoader.FileName}" };
        var command = new Command("init", $"Write a starter {ConfigLoader.FileName} from the registries, policies, kustomizations and charts found")
        {
            path, force,
        };
        command.SetAction(parse => Run(console, parse.GetValue(path) ?? ".", parse.GetValue(force)));
        return command;
    }

    private static int Run(CliConsole console, string path, bool force)
    {
        var folder = Path.GetFullPath(path, console.WorkingDirectory);
        if (!Directory.Exists(folder))
        {
            console.Error.WriteLine($"manifestguard: {path}: no such folder");
            return ExitCodes.UsageOrConfiguration;
        }
        var survey = RepositorySurvey.Of(folder, console.WorkingDirectory);
        var target = Path.Combine(survey.RootDirectory, ConfigLoader.FileName);
        var shown = Path.GetRelativePath(console.WorkingDirectory, target);
        if (File.Exists(target) && !force)
        {
            console.Error.WriteLine($"manifestguard: {shown} already exists; pass --force to overwrite it");
            return ExitCodes.UsageOrConfiguration;
        }
        OutputFile.Write(target, w => w.Write(StarterConfiguration.Render(survey)));
        console.Error.WriteLine($"Wrote {shown}: {survey.Registries.Count} registries, {survey.PolicyObjects.Count} policy objects, " +
            $"{survey.Kustomizations.Count} kustomizations and {survey.HelmCharts.Count} Helm charts found. Read it, then run `manifestguard check`.");
        return ExitCodes.Success;
    }
}
