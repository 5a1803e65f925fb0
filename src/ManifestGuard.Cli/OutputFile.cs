namespace ManifestGuard.Cli;

/// <summary>Writes a report to stdout or to a file; a file appears whole or not at all (temp file, then rename).</summary>
internal static class OutputFile
{
    public static void Write(string? path, Action<TextWriter> write)
    {
        if (path is null)
        {
            // Console.Out flushes on every write: a large report would cost a system call per line.
            using var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
            write(stdout);
            return;
        }
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var writer = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(false)))
            {
                write(writer);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
