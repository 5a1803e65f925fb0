using ManifestGuard.Yaml;

namespace ManifestGuard.Tests.TestSupport;

/// <summary>Walks parsed trees in tests.</summary>
internal static class Nodes
{
    /// <summary>The first scalar with this value, depth first (keys before values).</summary>
    public static YamlScalar FindScalar(YamlNode root, string value) =>
        Scalars(root).FirstOrDefault(s => s.Value == value) ?? throw new InvalidOperationException($"no scalar \"{value}\"");

    public static IEnumerable<YamlScalar> Scalars(YamlNode root)
    {
        var pending = new Stack<YamlNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case YamlScalar scalar:
                    yield return scalar;
                    break;
                case YamlSequence sequence:
                    for (var i = sequence.Items.Count - 1; i >= 0; i--)
                    {
                        pending.Push(sequence.Items[i]);
                    }
                    break;
                case YamlMapping mapping:
                    for (var i = mapping.Entries.Count - 1; i >= 0; i--)
                    {
                        pending.Push(mapping.Entries[i].Value);
                        pending.Push(mapping.Entries[i].Key);
                    }
                    break;
            }
        }
    }
}
