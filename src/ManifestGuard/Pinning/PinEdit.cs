namespace ManifestGuard.Pinning;

/// <summary>One change pin makes to a file, located by character offsets into <see cref="ManifestFileSnapshot.Text"/>.</summary>
internal abstract record PinEdit
{
    /// <summary>The replacement of a range of the text this edit comes down to.</summary>
    /// <exception cref="PinningException">The edit no longer fits the text.</exception>
    internal abstract TextChange ToChange(string text);
}
