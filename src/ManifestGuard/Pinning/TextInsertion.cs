namespace ManifestGuard.Pinning;

/// <summary>Inserts text at a character offset, e.g. a `digest:` line into a Kustomize `images:` entry.</summary>
internal sealed record TextInsertion(int Offset, string Text) : PinEdit
{
    internal override TextChange ToChange(string text)
    {
        if (Offset < 0 || Offset > text.Length)
        {
            throw new PinningException($"insertion at offset {Offset} lies outside the text");
        }
        return new TextChange(Offset, Offset, Text);
    }
}
