using System.Globalization;

namespace Stockbeat.Storage.Journal;

/// <summary>
/// The ping journal: an append-only log of received pings in segment files, flushed to disk before a ping is
/// acknowledged. Positions are byte offsets over all segments ever written; a segment's file name is the position it
/// starts at. The database records the position it has applied pings through, in the same transaction as the pings,
/// so a restart replays exactly the pings after it.
/// </summary>
public sealed class PingJournal : IDisposable
{
    /// <summary>A segment is closed, and the next one begun, once it holds this many bytes (by default).</summary>
    public const long SegmentBytes = 64L * 1024 * 1024;

    private const string Extension = ".journal";

    private readonly string _folder;
    private readonly long _segmentBytes;
    private readonly Lock _segmentsLock = new();
    private readonly List<long> _segmentStarts;
    private readonly MemoryStream _buffer = new();
    private FileStream _segment;
    private long _segmentStart;

    private PingJournal(string folder, long segmentBytes, List<long> segmentStarts, long segmentStart, FileStream segment)
    {
        _folder = folder;
        _segmentBytes = segmentBytes;
        _segmentStarts = segmentStarts;
        _segmentStart = segmentStart;
        _segment = segment;
    }

    /// <summary>The position after the last record.</summary>
    public long End => _segmentStart + _segment.Length;

    /// <summary>
    /// Opens the journal in <paramref name="folder"/> (creating it), cutting off a record a crash tore. Writing goes
    /// on after the last whole record, and never before <paramref name="appliedThrough"/>: positions the database has
    /// applied are never reused, even when the journal files were removed.
    /// </summary>
    /// <param name="folder">The journal's folder.</param>
    /// <param name="appliedThrough">The position the database has applied pings through.</param>
    /// <param name="segmentBytes">The size past which a segment is closed and the next one begun.</param>
    public static PingJournal Open(string folder, long appliedThrough, long segmentBytes = SegmentBytes)
    {
        Directory.CreateDirectory(folder);
        var starts = Directory.EnumerateFiles(folder, "*" + Extension)
            .Select(f => long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : -1)
            .Where(s => s >= 0)
            .Order()
            .ToList();
        if (starts.Count > 0)
        {
            var last = starts[^1];
            var path = SegmentPath(folder, last);
            var scanFrom = appliedThrough > last ? appliedThrough - last : 0;
            var validEnd = WholeRecordsEnd(path, scanFrom);
            if (validEnd is { } end && last + end >= appliedThrough)
            {
                var stream = OpenForAppend(path);
                stream.SetLength(end);
                stream.Seek(end, SeekOrigin.Begin);
                stream.Flush(flushToDisk: true);
                return new PingJournal(folder, segmentBytes, starts, last, stream);
            }
        }

        // An empty folder, or a last segment that ends before what was applied (its files were lost or replaced).
        var start = Math.Max(appliedThrough, starts.Count > 0 ? starts[^1] + new FileInfo(SegmentPath(folder, starts[^1])).Length : 0);
        starts.Add(start);
        return new PingJournal(folder, segmentBytes, starts, start, OpenForAppend(SegmentPath(folder, start)));
    }

    /// <summary>
    /// Writes <paramref name="pings"/> and flushes them to disk; returns the position after each. On failure nothing
    /// of the batch stays in the journal.
    /// </summary>
    public long[] Append(IReadOnlyList<PingSubmission> pings)
    {
        if (_segment.Length >= _segmentBytes)
        {
            BeginSegment();
        }

        _buffer.SetLength(0);
        var ends = new long[pings.Count];
        var before = _segment.Length;
        for (var i = 0; i < pings.Count; i++)
        {
            PingRecord.Write(_buffer, pings[i]);
            ends[i] = _segmentStart + before + _buffer.Length;
        }

        try
        {
            _segment.Write(_buffer.GetBuffer(), 0, (int)_buffer.Length);
            _segment.Flush(flushToDisk: true);
        }
        catch
        {
            // A half-written batch would stop a replay at its torn record, hiding every later batch.
            _segment.SetLength(before);
            _segment.Seek(before, SeekOrigin.Begin);
            throw;
        }

        return ends;
    }

    /// <summary>
    /// The pings after <paramref name="position"/> (a record boundary), with the position after each, in order.
    /// Reading a segment stops at a record that is not whole.
    /// </summary>
    public IEnumerable<(PingSubmission Ping, long End)> ReadAfter(long position)
    {
        long[] starts;
        lock (_segmentsLock)
        {
            starts = [.. _segmentStarts];
        }

        for (var i = 0; i < starts.Length; i++)
        {
            var segmentEnd = i + 1 < starts.Length ? starts[i + 1] : End;
            if (segmentEnd <= position)
            {
                continue;
            }

            foreach (var record in ReadSegment(SegmentPath(_folder, starts[i]), starts[i], Math.Max(0, position - starts[i])))
            {
                yield return record;
            }
        }
    }

    /// <summary>Whether a closed segment ends at or before <paramref name="position"/>.</summary>
    public bool HasSegmentsThrough(long position)
    {
        lock (_segmentsLock)
        {
            return _segmentStarts.Count > 1 && _segmentStarts[1] <= position;
        }
    }

    /// <summary>Deletes the closed segments that end at or before <paramref name="position"/>.</summary>
    public void DeleteThrough(long position)
    {
        lock (_segmentsLock)
        {
            while (_segmentStarts.Count > 1 && _segmentStarts[1] <= position)
            {
                File.Delete(SegmentPath(_folder, _segmentStarts[0]));
                _segmentStarts.RemoveAt(0);
            }
        }
    }

    public void Dispose() => _segment.Dispose();

    private void BeginSegment()
    {
        var start = End;
        var next = OpenForAppend(SegmentPath(_folder, start));
        _segment.Dispose();
        _segment = next;
        _segmentStart = start;
        lock (_segmentsLock)
        {
            _segmentStarts.Add(start);
        }
    }

    private static string SegmentPath(string folder, long start) =>
        Path.Combine(folder, start.ToString("D20", CultureInfo.InvariantCulture) + Extension);

    // A new segment's directory entry is made durable with its first flushed write on ext4 and XFS, where the file's
    // creation is in the same filesystem journal transaction as its data.
    private static FileStream OpenForAppend(string path) =>
        new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);

    // The offset after the last whole record at or after `from` (a record boundary); null when `from` is past the end.
    private static long? WholeRecordsEnd(string path, long from) =>
        from > new FileInfo(path).Length ? null : ReadSegment(path, 0, from).Select(r => r.End).DefaultIfEmpty(from).Last();

    private static IEnumerable<(PingSubmission Ping, long End)> ReadSegment(string path, long start, long from)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16);
        stream.Seek(from, SeekOrigin.Begin);
        while (TryReadRecord(stream, out var ping))
        {
            yield return (ping, start + stream.Position);
        }
    }

    private static bool TryReadRecord(Stream stream, out PingSubmission ping)
    {
        ping = null!;
        Span<byte> header = stackalloc byte[PingRecord.HeaderSize];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
            || PingRecord.PayloadLength(header) is not { } length)
        {
            return false;
        }

        var payload = new byte[length];
        if (stream.ReadAtLeast(payload, length, throwOnEndOfStream: false) < length || PingRecord.Read(header, payload) is not { } read)
        {
            return false;
        }

        ping = read;
        return true;
    }
}
