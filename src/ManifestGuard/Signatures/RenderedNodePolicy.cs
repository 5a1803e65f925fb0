namespace ManifestGuard.Signatures;

/// <summary>
/// A policy.json the Machine Config Operator writes on the nodes, with which policy object each sigstoreSigned
/// requirement of a scope stands for, so findings name the object a user edits rather than the generated file.
/// </summary>
/// <param name="Path">Where the node keeps it.</param>
/// <param name="Owners">Per scope, the object name of each of its sigstoreSigned requirements, in order.</param>
internal sealed record RenderedNodePolicy(
    string Path,
    string Json,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Owners
);
