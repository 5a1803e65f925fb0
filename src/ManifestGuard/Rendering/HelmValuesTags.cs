using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ManifestGuard.Rendering;

/// <summary>
/// Whether a values file writes an explicit tag (`!!str`, `!!map`, `!custom`) anywhere. Our parsed nodes keep
/// the tags of scalars only, and Helm's reader gives tags meanings of its own, so a file with any tag is not
/// merged by path (its variant keeps one marker per file position).
/// </summary>
internal static class HelmValuesTags
{
    public static bool AnyIn(string text)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                if (parser.Current is NodeEvent { Tag.IsEmpty: false })
                {
                    return true;
                }
            }
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A file YamlDotNet cannot read is not merged either; the parse that follows says why.
            return true;
        }
    }
}
