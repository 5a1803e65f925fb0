using ManifestGuard.Discovery;

namespace ManifestGuard.Cli;

/// <summary>
/// Writes a report to stdout or through the path the user gave. A regular file (or a new one) is
/// replaced atomically: the report goes to a temporary file in the same folder, which is renamed over
/// it, keeping the file's permissions, so a reader sees the old report or the new one, never half of
/// one. A symbolic link is written through to its target and stays a link. Anything else (a FIFO, a
/// terminal or other device, `/dev/stdout`, a process substitution's `/dev/fd/N`) is written straight
/// into: renaming over it would replace it with a plain file, and the reader on the other end would get
/// nothing.
/// </summary>
internal static class OutputFile
{
    private const int BufferSize = 1 << 16;

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <param name="workingDirectory">What a relative <paramref name="path"/> is relative to (default: the process's).</param>
    /// <exception cref="OutputWriteException">The report could not be written; the message names the path.</exception>
    public static void Write(string? path, Action<TextWriter> write, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (path is null)
        {
            // Console.Out flushes on every write: a large report would cost a system call per line.
            using var stdout = new StreamWriter(Console.OpenStandardOutput(), Utf8, BufferSize, leaveOpen: true);
            write(stdout);
            return;
        }
        var full = Path.GetFullPath(path, workingDirectory ?? Environment.CurrentDirectory);
        string? temporary = null;
        try
        {
            if (WritesStraightInto(full))
            {
                WriteStraight(full, write);
                return;
            }
            // Through a link to its target (created when the link dangles), so the link stays a link.
            var given = new FileInfo(full);
            var target = given.LinkTarget is null
                ? full
                : given.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
            var directory = Path.GetDirectoryName(target) ?? ".";
            Directory.CreateDirectory(directory);
            temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Environment.ProcessId}.tmp");
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using (var writer = new StreamWriter(stream, Utf8, BufferSize))
            {
                write(writer);
            }
            if (!OperatingSystem.IsWindows() && File.Exists(target))
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            }
            File.Move(temporary, target, overwrite: true);
            temporary = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputWriteException(path, Reason(e, temporary, full), e);
        }
        finally
        {
            if (temporary is not null)
            {
                TryDelete(temporary);
            }
        }
    }

    /// <summary>
    /// Not a regular file, or one reached through `/dev` or `/proc` (`/dev/stdout` redirected to a file by
    /// the shell): write into it as it is. A path that does not exist yet, or a link to a regular file,
    /// is replaced atomically.
    /// </summary>
    private static bool WritesStraightInto(string full)
    {
        var kind = FileKinds.Of(full, followLinks: true);
        if (kind is not (FileKind.Regular or FileKind.Missing or FileKind.Unknown))
        {
            return true;
        }
        return kind == FileKind.Regular && IsSystemPath(full);
    }

    private static bool IsSystemPath(string full) =>
        full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal);

    private static void WriteStraight(string full, Action<TextWriter> write)
    {
        // Truncate only what can be: a FIFO or a device has no length, a regular file behind /dev/stdout has.
        var mode = FileKinds.Of(full, followLinks: true) == FileKind.Regular ? FileMode.Truncate : FileMode.Open;
        var stream = new FileStream(full, mode, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        using var writer = new StreamWriter(stream, Utf8, BufferSize);
        write(writer);
    }

    /// <summary>The cause in words that never name our temporary file: the user knows only their path.</summary>
    private static string Reason(Exception e, string? temporary, string full)
    {
        if (e is UnauthorizedAccessException)
        {
            return "permission denied";
        }
        if (e is DirectoryNotFoundException)
        {
            return "its folder does not exist";
        }
        var message = e.Message;
        if (temporary is not null)
        {
            message = message.Replace(temporary, full, StringComparison.Ordinal);
        }
        return message
            .Replace($"'{full}'", "it", StringComparison.Ordinal)
            .Replace(full, "it", StringComparison.Ordinal)
            .TrimEnd('.', ' ');
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write already failed and says so; a leftover temporary file must not hide why.
        }
    }
}
