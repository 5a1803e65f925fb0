namespace ManifestGuard.Workloads;

/// <summary>
/// A custom resource's image fields, from the `workloads` configuration: objects of <paramref name="Kind"/>
/// (and, when given, of <paramref name="ApiVersion"/>: a whole apiVersion such as `example.com/v1`, or a
/// group alone such as `example.com`) hold image references at <paramref name="Images"/>.
/// </summary>
internal sealed record CustomWorkload(string Kind, string? ApiVersion, IReadOnlyList<FieldPath> Images)
{
    public bool Matches(string apiVersion, string kind) =>
        kind == Kind
        && (ApiVersion is null || apiVersion == ApiVersion || WorkloadKinds.GroupOf(apiVersion) == ApiVersion);
}
