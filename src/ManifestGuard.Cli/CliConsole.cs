using System.Text;

namespace ManifestGuard.Cli;

/// <summary>
/// What a command reads and writes: the standard streams, whether stdout and stderr are terminals, the
/// working folder and the environment. Program.cs hands commands the process's own; tests hand them memory
/// streams and run the commands in process.
/// </summary>
internal sealed class CliConsole : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Stream _input;
    private readonly Stream _output;
    private StreamWriter? _out;

    public CliConsole(
        Stream input, Stream output, TextWriter error, string workingDirectory, Func<string, string?> environment)
    {
        _input = input;
        _output = output;
        Error = error;
        WorkingDirectory = workingDirectory;
        Environment = environment;
    }

    /// <summary>
    /// stdin as bytes: `pin` gives back exactly the bytes it was given, and the other commands decode them as
    /// files are decoded (byte order marks included).
    /// </summary>
    public Stream InputStream => _input;

    /// <summary>stdout as bytes; what <see cref="Out"/> holds is written first.</summary>
    public Stream OutputStream
    {
        get
        {
            _out?.Flush();
            return _output;
        }
    }

    /// <summary>
    /// stdout as UTF-8 text without a byte order mark, buffered: Console.Out flushes on every write, which
    /// would cost a large report a system call per line.
    /// </summary>
    public TextWriter Out => _out ??= new StreamWriter(_output, Utf8, bufferSize: 1 << 16, leaveOpen: true);

    public TextWriter Error { get; }

    /// <summary>stdout is a terminal (colour, progress); false when it is redirected to a file or a pipe.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>stderr is a terminal, where a progress counter may overwrite its own line.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>The folder relative PATH arguments are resolved against.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Reads an environment variable (null when it is not set).</summary>
    public Func<string, string?> Environment { get; }

    /// <summary>
    /// How the run waits before retrying a registry: the clock, injected like the rest of the process's
    /// surroundings, so in-process tests of unreachable registries do not sleep through every backoff.
    /// </summary>
    public Func<TimeSpan, CancellationToken, Task> RetryDelay { get; init; } = Task.Delay;

    /// <summary>Writes out what is buffered; a run ends with it.</summary>
    public void Flush()
    {
        _out?.Flush();
        _output.Flush();
        Error.Flush();
    }

    public void Dispose()
    {
        Flush();
        _out?.Dispose();
    }
}
