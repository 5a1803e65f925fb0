using System.Reflection;
using ManifestGuard.Tests.Integrations;
using ManifestGuard.Tests.Registry;
using ManifestGuard.Tests.Signatures;
using Xunit;

namespace ManifestGuard.Tests.TestSupport;

/// <summary>
/// The `Requires` traits are what lets a machine without a program leave out the tests that start it: a test
/// whose fixture starts programs must carry their traits, and a value that no filter names would leave its test
/// in every run. Read from the attributes' metadata, as xunit's discovery reads them.
/// </summary>
public sealed class RequiresTraitTests
{
    /// <summary>Fixtures that start programs, and the traits of what they start.</summary>
    private static readonly Dictionary<Type, string[]> StartingFixtures = new()
    {
        [typeof(RegistryFixture)] = [Requires.Registry],
        [typeof(SigningFixture)] = [Requires.Registry, Requires.Gpg],
        // A git snapshot of the working tree, installed as a hook repository by pre-commit.
        [typeof(PreCommitFixture)] = [Requires.PreCommit, Requires.Git],
        // A git snapshot of the working tree, and the release artifacts the install step downloads.
        [typeof(GitHubActionFixture)] = [Requires.Git, Requires.Release],
        [typeof(ReleaseArtifacts)] = [Requires.Release],
    };

    private static readonly Assembly TestAssembly = typeof(RequiresTraitTests).Assembly;

    /// <summary>The trait values <see cref="Requires"/> defines, in the order it declares them.</summary>
    private static List<string> Values() =>
        [.. typeof(Requires).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(Requires.Trait))
            .OrderBy(f => f.MetadataToken)
            .Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>The filter that leaves out every test that starts an external program.</summary>
    private static string OfflineFilter() => string.Join('&', Values().Select(v => $"{Requires.Trait}!={v}"));

    [Fact]
    public void Every_Requires_trait_names_one_of_the_Requires_values()
    {
        var values = Values();
        var unknown = new List<string>();
        foreach (var type in TestAssembly.GetTypes())
        {
            unknown.AddRange(RequiresTraits(type).Where(v => !values.Contains(v)).Select(v => $"{type}: {v}"));
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic
                | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                unknown.AddRange(RequiresTraits(method).Where(v => !values.Contains(v))
                    .Select(v => $"{type}.{method.Name}: {v}"));
            }
        }

        Assert.True(unknown.Count == 0, "not a Requires value: " + string.Join("; ", unknown));
        Assert.Equal(values.Count, values.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_test_class_that_uses_a_fixture_which_starts_programs_carries_their_traits()
    {
        var missing = new List<string>();
        var used = new HashSet<Type>();
        foreach (var type in TestAssembly.GetTypes().Where(t => !t.IsAbstract && TestMethods(t).Count > 0))
        {
            var methods = TestMethods(type);
            var onClass = RequiresTraits(type).ToHashSet(StringComparer.Ordinal);
            foreach (var fixture in FixturesOf(type).Where(StartingFixtures.ContainsKey))
            {
                used.Add(fixture);
                // A trait on every test method is as good as one on the class.
                missing.AddRange(StartingFixtures[fixture]
                    .Where(v => !onClass.Contains(v) && !methods.All(m => RequiresTraits(m).Contains(v)))
                    .Select(v => $"{type.Name} uses {fixture.Name} but lacks {Requires.Trait}={v}"));
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
        // Each fixture is found where it is known to be used: the search itself works.
        Assert.Equal(StartingFixtures.Keys.OrderBy(t => t.Name), used.OrderBy(t => t.Name));
    }

    [Fact]
    public void The_documented_offline_filter_and_table_name_every_Requires_value()
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        var development = File.ReadAllText(RepositoryRoot.Combine("docs", "development.md"));

        Assert.Contains(OfflineFilter(), readme, StringComparison.Ordinal);
        Assert.Contains(OfflineFilter(), development, StringComparison.Ordinal);
        Assert.All(Values(), v =>
            Assert.Contains($"| `{Requires.Trait}!={v}` |", development, StringComparison.Ordinal));
    }

    private static List<MethodInfo> TestMethods(Type type) =>
        [.. type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.GetCustomAttributesData()
                .Any(a => typeof(FactAttribute).IsAssignableFrom(a.AttributeType)))];

    private static IEnumerable<string> RequiresTraits(MemberInfo member) =>
        member.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(TraitAttribute)
                && (string?)a.ConstructorArguments[0].Value == Requires.Trait)
            .Select(a => (string)a.ConstructorArguments[1].Value!);

    /// <summary>
    /// What xunit builds for a test class, or the class holds: its constructor's parameters, its class fixtures,
    /// the fixtures of its collection (started for the collection whether the class takes them or not), and
    /// the types of its instance fields.
    /// </summary>
    private static IEnumerable<Type> FixturesOf(Type type)
    {
        var constructed = type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType);
        var fields = type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Select(f => f.FieldType);
        return constructed.Concat(fields)
            .Concat(FixtureArguments(type, typeof(IClassFixture<>)))
            .Concat(CollectionDefinition(type) is { } definition
                ? FixtureArguments(definition, typeof(ICollectionFixture<>))
                : [])
            .Distinct();
    }

    private static IEnumerable<Type> FixtureArguments(Type type, Type fixtureInterface) =>
        type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == fixtureInterface)
            .Select(i => i.GetGenericArguments()[0]);

    private static Type? CollectionDefinition(Type type)
    {
        var name = type.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(CollectionAttribute) && a.ConstructorArguments.Count == 1)
            .Select(a => a.ConstructorArguments[0].Value as string)
            .FirstOrDefault();
        return name is null
            ? null
            : TestAssembly.GetTypes().SingleOrDefault(t => t.GetCustomAttributesData().Any(a =>
                a.AttributeType == typeof(CollectionDefinitionAttribute)
                && a.ConstructorArguments.Count > 0
                && a.ConstructorArguments[0].Value as string == name));
    }
}
