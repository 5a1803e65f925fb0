namespace ManifestGuard.Registry;

/// <summary>
/// The manifest types a tag can point at. All four go in every Accept header: without the OCI types an
/// OCI image answers 404, and without the list types a registry hands out one platform's manifest.
/// </summary>
internal static class ManifestMediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>Indexes first, so a registry that negotiates by order still answers with the index.</summary>
    public static IReadOnlyList<string> Accepted { get; } = [OciIndex, DockerManifestList, OciManifest, DockerManifest];

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;
}
