using ManifestGuard.Policies.OpenShiftImagePolicy;
using Xunit;

namespace ManifestGuard.Tests.Policies.OpenShiftImagePolicy;

/// <summary>When the Machine Config Operator takes one policy scope to lie inside another.</summary>
public sealed class ScopeNestingMutationTests
{
    [Theory]
    // sub-scope, super-scope, nested
    [InlineData("example.com/a", "example.com/a", true)]
    [InlineData("example.com/a/b", "example.com/a", true)]
    [InlineData("example.com/a", "example.com", true)]
    [InlineData("example.com/ab", "example.com/a", false)]
    [InlineData("example.com/a:tag", "example.com/a", false)]
    [InlineData("example.com/a@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "example.com/a", false)]
    [InlineData("example.com/a", "example.com/a/b", false)]
    [InlineData("example.com.evil.io", "example.com", false)]
    [InlineData("a.example.com", "*.example.com", true)]
    [InlineData("b.a.example.com/team/app", "*.example.com", true)]
    [InlineData("a.example.com:5000", "*.example.com", true)]
    [InlineData("a.example.com:5000/team", "*.example.com", true)]
    [InlineData("example.com", "*.example.com", false)]
    [InlineData("notexample.com/app", "*.example.com", false)]
    [InlineData("a.other.com:5000", "*.example.com", false)]
    [InlineData("other.com/a.example.com", "*.example.com", false)]
    [InlineData("a.example.com", "example.com", false)]
    public void Nests_at_path_boundaries_and_under_wildcards(string subScope, string superScope, bool nested) =>
        Assert.Equal(nested, ScopeNesting.IsNestedInside(subScope, superScope));
}
