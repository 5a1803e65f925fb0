using ManifestGuard.Policies.OpenShiftImagePolicy;
using Xunit;

namespace ManifestGuard.Tests.Policies.Upstream;

/// <summary>
/// openshift/runtime-utils pkg/registries/registries_test.go, TestScopeIsNestedInsideScope (commit
/// 7bdb5b9c177bb6cffa97b556a0685e3db10706a6, Apache License 2.0), transcribed row by row: the upstream line
/// is the first argument. The Machine Config Operator uses this function to drop ImagePolicy scopes nested in
/// ClusterImagePolicy scopes and to check policy scopes against registrySources.
/// </summary>
public sealed class ScopeNestingTableTests
{
    [Theory]
    [InlineData(23, "quay.io", "example.com", false)]
    [InlineData(24, "quay.io", "quay.io", true)]
    [InlineData(25, "quay.io:443", "quay.io", false)]
    [InlineData(26, "quay.io:443", "quay.io:444", false)]
    [InlineData(27, "quay.io.example.com", "quay.io", false)]
    [InlineData(28, "quay.io2", "quay.io", false)]
    [InlineData(29, "quay.io/ns1", "quay.io", true)]
    [InlineData(30, "quay.io/ns1/ns2/ns3", "quay.io", true)]
    [InlineData(31, "quay.io/ns1/ns2/ns3", "not-quay.io", false)]
    [InlineData(32, "bar/example.foo", "*.foo", false)]
    [InlineData(33, "example/bar.foo/quay.io", "*.foo", false)]
    [InlineData(34, "example/bar.foo:400", "*.foo", false)]
    [InlineData(35, "foo.example.com", "*.example.com", true)]
    [InlineData(36, "*.foo.example.com", "*.example.com", true)]
    [InlineData(37, "foo.example.com/bar", "*.example.com", true)]
    [InlineData(38, "foo.registry.com", "*.example.com", false)]
    [InlineData(39, "foo.example.com", "**.example.com", false)]
    [InlineData(40, "foo.example.com", "example.*.com", false)]
    [InlineData(41, "foo.example.com", "*.example.com/foo/bar", false)]
    [InlineData(42, "foo.example.com:443/bar/baz", "*.example.com", true)]
    [InlineData(43, "foo.example.com:443/bar/baz", "*.example.com/bar/baz", false)]
    [InlineData(44, "foo.example.com", "*example.com", false)]
    [InlineData(45, "foo.example.com", "*/example.com", false)]
    public void Nesting_agrees_with_runtime_utils(int upstreamLine, string subScope, string superScope, bool nested)
    {
        Assert.True(nested == ScopeNesting.IsNestedInside(subScope, superScope), $"registries_test.go:{upstreamLine}");
    }
}
