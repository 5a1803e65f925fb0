using System.Text;
using System.Text.Json;

namespace ManifestGuard.Reporting;

/// <summary>
/// Writes a JSON report through a <see cref="Utf8JsonWriter"/> a piece at a time, so that neither the
/// report's objects nor its text are ever held whole: peak memory stays that of the scan, whatever the
/// number of findings. The bytes are those the source-generated serializers write for the same models:
/// two-space indentation, `\n` line ends, and images, paths and messages left readable (the report is a
/// file, never embedded in HTML).
/// </summary>
internal static class StreamedJsonReport
{
    /// <summary>Pending bytes are handed on once there are this many, between two results.</summary>
    private const int FlushThreshold = 1 << 16;

    /// <summary>
    /// Runs <paramref name="write"/> over a writer into <paramref name="output"/>, then ends the text with a line
    /// break.
    /// </summary>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        var target = Utf8Target(output);
        using (var writer = new Utf8JsonWriter(target ?? new TextWriterStream(output), JsonFileFormat.WriterOptions))
        {
            write(writer);
        }
        output.Write('\n');
    }

    /// <summary>Hands the pending bytes on when they are many; called between results.</summary>
    public static void FlushWhenFull(Utf8JsonWriter writer)
    {
        if (writer.BytesPending >= FlushThreshold)
        {
            writer.Flush();
        }
    }

    /// <summary>
    /// The stream under a UTF-8 <see cref="StreamWriter"/> (stdout, the report file), after the text
    /// written so far: the JSON bytes go there as they are, with no detour through UTF-16.
    /// </summary>
    private static Stream? Utf8Target(TextWriter output)
    {
        if (output is not StreamWriter { Encoding.CodePage: 65001 } streamWriter)
        {
            return null;
        }
        streamWriter.Flush();
        return streamWriter.BaseStream;
    }

    /// <summary>A write-only stream that decodes UTF-8 into a text writer that has no stream of its own.</summary>
    private sealed class TextWriterStream(TextWriter output) : Stream
    {
        private readonly Decoder _decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        private char[] _chars = [];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var needed = _decoder.GetCharCount(buffer, flush: false);
            if (_chars.Length < needed)
            {
                _chars = new char[needed];
            }
            var count = _decoder.GetChars(buffer, _chars, flush: false);
            output.Write(_chars, 0, count);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush() => output.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
