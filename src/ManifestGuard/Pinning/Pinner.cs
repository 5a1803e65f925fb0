using ManifestGuard.Configuration;
using ManifestGuard.Registry;

namespace ManifestGuard.Pinning;

/// <summary>
/// Resolve → rewrite. Every reference of every file is resolved before any file is rewritten, so a
/// failure anywhere leaves the repository untouched. A file that does not parse is left out and listed
/// (with all the others that do not), and the files that parse are still planned. Identical references
/// are resolved once (the client caches per run) and concurrently, with the client's bound per registry.
/// </summary>
internal sealed class Pinner(RegistryClient client, ManifestGuardConfig config)
{
    /// <summary>Plans the rewrite of each file; <paramref name="helmValues"/> says which display paths are Helm values files.</summary>
    /// <param name="progress">Told (resolved so far, total) as lookups finish: a terminal shows it for long runs.</param>
    /// <param name="moreTargets">Targets found elsewhere (rendered images, by the index of their file in <paramref name="files"/>); those files are not searched.</param>
    public async Task<PinPlan> PlanAsync(IReadOnlyList<(ManifestFileSnapshot File, string DisplayPath)> files, Func<string, bool> helmValues, IProgress<(int Done, int Total)>? progress = null, IReadOnlyList<(int FileIndex, PinTarget Target)>? moreTargets = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(helmValues);
        var targets = new List<(int FileIndex, PinTarget Target)>(moreTargets ?? []);
        // A file that rendered images are pinned in is pinned there only: renders say what it means.
        var rendered = targets.Select(t => t.FileIndex).ToHashSet();
        var unparsable = new List<string>();
        for (var i = 0; i < files.Count; i++)
        {
            if (rendered.Contains(i))
            {
                continue;
            }
            try
            {
                var (file, displayPath) = files[i];
                foreach (var target in PinTargetFinder.Find(file, displayPath, config, helmValues(displayPath)))
                {
                    targets.Add((i, target));
                }
            }
            catch (PinningException e)
            {
                unparsable.Add(e.Message);
            }
        }

        var done = 0;
        async Task<ResolveResult> Resolve(PinTarget target)
        {
            var result = await client.ResolveTagAsync(target.Reference, cancellationToken).ConfigureAwait(false);
            progress?.Report((Interlocked.Increment(ref done), targets.Count));
            return result;
        }
        var resolved = await Task.WhenAll(targets.Select(t => Resolve(t.Target))).ConfigureAwait(false);
        var failures = new List<PinFailure>();
        for (var i = 0; i < targets.Count; i++)
        {
            if (!resolved[i].Succeeded)
            {
                var target = targets[i].Target;
                failures.Add(new PinFailure($"{target.File}:{target.Span.StartLine}:{target.Span.StartColumn}", target.Reference.Raw, resolved[i].Error ?? "unknown error"));
            }
        }
        if (failures.Count > 0)
        {
            return new PinPlan([], failures) { Unparsable = unparsable };
        }

        var pinned = new List<PinnedFile>();
        foreach (var group in targets.Select((t, i) => (t.FileIndex, t.Target, Digest: resolved[i].Digest!)).GroupBy(t => t.FileIndex))
        {
            var (file, displayPath) = files[group.Key];
            var edits = group.Select(t => t.Target.EditFor(t.Digest)).ToList();
            pinned.Add(new PinnedFile(displayPath, file, PinRewriter.Apply(file, edits), PinRewriter.ApplyToText(file, edits), edits.Count));
        }
        return new PinPlan(pinned, []) { Unparsable = unparsable };
    }
}
