namespace Stockbeat.Reconcile;

/// <summary>Opens a snapshot file and reads it as CSV or as JSON lines, whichever its first character says.</summary>
internal static class SnapshotReader
{
    private const int FileBufferSize = 1 << 16;

    /// <summary>Reads every row of <paramref name="path"/> into <paramref name="sink"/>.</summary>
    /// <param name="progress">Called now and then with the bytes read so far.</param>
    /// <exception cref="SnapshotException">The file is missing, unreadable, or lacks the columns.</exception>
    public static void Read(string path, SnapshotColumns columns, IStockRowSink sink, Action<long>? progress, CancellationToken ct)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SnapshotException($"{path}: file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SnapshotException($"{path}: cannot open: {e.Message}", e);
        }

        using (stream)
        {
            // Taken now: the CSV reader closes the stream when it is done.
            var length = stream.Length;
            Action? tick = progress is null ? null : () => progress(stream.Position);
            try
            {
                if (IsJsonLines(stream))
                {
                    JsonLinesSnapshotReader.Read(stream, path, columns, sink, tick, ct);
                }
                else
                {
                    CsvSnapshotReader.Read(stream, path, columns, sink, tick, ct);
                }
            }
            catch (IOException e)
            {
                throw new SnapshotException($"{path}: read failed: {e.Message}", e);
            }

            progress?.Invoke(length);
        }
    }

    /// <summary>Whether the first character after a byte order mark and white space is '{' or '['; rewinds the stream.</summary>
    private static bool IsJsonLines(FileStream stream)
    {
        Span<byte> head = stackalloc byte[256];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var text = head[..read];
        if (text.StartsWith("\uFEFF"u8))
        {
            text = text[3..];
        }

        text = text.TrimStart(" \t\r\n"u8);
        return !text.IsEmpty && (text[0] == (byte)'{' || text[0] == (byte)'[');
    }
}
