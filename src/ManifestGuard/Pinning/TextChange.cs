namespace ManifestGuard.Pinning;

/// <summary>Replace text[Start..End] with NewText; an insertion when Start == End.</summary>
internal readonly record struct TextChange(int Start, int End, string NewText);
