using ManifestGuard.Discovery;

namespace ManifestGuard.Rendering;

/// <summary>
/// Renders a kustomization root with the real kustomize, through a wrapper kustomization in a temporary
/// folder that asks for build metadata (`originAnnotations`, `transformerAnnotations`): kustomize then says
/// which file each object came from and which kustomizations' image transformers changed it, without a
/// byte of the user's files changed.
/// </summary>
internal static class KustomizeRenderer
{
    public static RenderedSource Render(string rootDirectory, string scanRoot, RenderSettings settings)
    {
        var (executable, subcommand) = RendererPrograms.Kustomize(settings);
        var wrapper = Directory.CreateTempSubdirectory("manifestguard-kustomize-");
        try
        {
            // kustomize refuses an absolute resource path ("new root cannot be absolute"):
            // the wrapper names the root relatively.
            var relative = Path.GetRelativePath(wrapper.FullName, rootDirectory).Replace('\\', '/');
            File.WriteAllText(
                Path.Combine(wrapper.FullName, "kustomization.yaml"),
                $"resources:\n  - \"{relative}\"\nbuildMetadata: [originAnnotations, transformerAnnotations]\n");
            var output = RendererProcess.Run(executable, [subcommand, "."], wrapper.FullName, settings.Timeout);
            var display = FileDiscovery.DisplayPathOf(rootDirectory, scanRoot);
            if (output.ExitCode != 0)
            {
                var program = $"{Path.GetFileName(executable)} {subcommand}";
                throw new RenderException($"`{program}` of {display} failed: {RenderFailure.Message(output.Stderr)}");
            }
            var kustomization = KustomizationFile.In(rootDirectory) ?? rootDirectory;
            return KustomizeProvenance.Read(output.Stdout, wrapper.FullName, scanRoot, display, kustomization);
        }
        finally
        {
            try
            {
                wrapper.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless; the scan's result is not.
            }
        }
    }
}
