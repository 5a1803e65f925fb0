using ManifestGuard.Cli;
using ManifestGuard.Configuration;
using ManifestGuard.Pinning;
using ManifestGuard.Registry;
using ManifestGuard.Rendering;
using ManifestGuard.Yaml;
using Xunit;

namespace ManifestGuard.Tests.Cli;

/// <summary>Every error the engine raises becomes one `manifestguard: file:line:col: message` line and an exit code.</summary>
public sealed class ErrorReportTests
{
    private static (int ExitCode, string Stderr) Report(Exception exception)
    {
        using var stderr = new StringWriter();
        var exitCode = ErrorReport.Write(exception, stderr);
        return (exitCode, stderr.ToString());
    }

    private static ManifestGuardException EngineError(string type) => type switch
    {
        "configuration" => new ConfigurationException("unknown key \"registries.alowed\"", ".manifestguard.yaml", 2, 3),
        "yaml" => new YamlParseException("duplicate key \"image\"", 7, 5),
        "pinning" => new PinningException("pod.yaml changed on disk since it was read"),
        "credentials" => new RegistryCredentialException("auth.json: expected a JSON object"),
        "render" => new RenderException("`kubectl kustomize` failed (exit 1)"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    [Theory]
    [InlineData("configuration", 2)]
    [InlineData("yaml", 2)]
    [InlineData("pinning", 3)]
    [InlineData("credentials", 3)]
    [InlineData("render", 3)]
    public void Each_engine_error_has_the_exit_code_of_its_kind(string type, int exitCode)
    {
        var error = EngineError(type);
        var (code, stderr) = Report(error);
        Assert.Equal(exitCode, code);
        Assert.StartsWith("manifestguard: ", stderr, StringComparison.Ordinal);
        Assert.Contains(error.Message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_located_error_is_printed_as_file_line_column_message()
    {
        var (_, stderr) = Report(new ConfigurationException("unknown key \"x\"", "config/.manifestguard.yaml", 4, 9));
        Assert.Equal("manifestguard: config/.manifestguard.yaml:4:9: unknown key \"x\"" + Environment.NewLine, stderr);
    }

    [Theory]
    [InlineData(null, 0, 0, "message")]
    [InlineData("a.yaml", 0, 0, "a.yaml: message")]
    [InlineData("a.yaml", 3, 0, "a.yaml:3: message")]
    [InlineData("a.yaml", 3, 7, "a.yaml:3:7: message")]
    public void The_location_says_as_much_as_is_known(string? file, int line, int column, string expected) =>
        Assert.Equal(expected, new ManifestGuardException(ErrorKind.Runtime, "message", file, line, column).ToString());

    [Fact]
    public void A_wrapped_error_is_reported_as_itself()
    {
        var (code, stderr) = Report(new AggregateException(new ConfigurationException("bad", "c.yaml", 1, 2)));
        Assert.Equal(2, code);
        Assert.Equal("manifestguard: c.yaml:1:2: bad" + Environment.NewLine, stderr);
    }

    [Fact]
    public void A_missing_path_is_a_usage_error() =>
        Assert.Equal(2, Report(new FileNotFoundException("no-such.yaml: no such file or directory")).ExitCode);

    [Fact]
    public void An_unexpected_error_is_a_runtime_failure_without_a_stack_trace()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("something broke");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }
        var (code, stderr) = Report(thrown);
        Assert.Equal(3, code);
        Assert.Equal("manifestguard: something broke" + Environment.NewLine, stderr);
    }
}
