using System.Buffers;
using System.Globalization;
using System.Text;
using Stockbeat.Client;

namespace Stockbeat;

/// <summary>
/// Reads run report values from a command's output lines that start with <c>STOCKBEAT </c>: either
/// <c>name=number</c> pairs (<c>STOCKBEAT total=1200 errors=3</c>) or a JSON object. Later values win. Lines are
/// split per stream, so that stdout and stderr writing at the same time do not mix.
/// </summary>
internal sealed class ReportLines(TextWriter warnings)
{
    public const string Prefix = "STOCKBEAT ";

    private const int MaxLine = 64 * 1024;
    private static readonly byte[] PrefixBytes = Encoding.ASCII.GetBytes(Prefix);

    private readonly RunReport _report = new();

    /// <summary>A copy of what the lines reported so far.</summary>
    public RunReport Report
    {
        get
        {
            lock (_report)
            {
                var copy = new RunReport();
                copy.MergeFrom(_report);
                return copy;
            }
        }
    }

    /// <summary>Applies one line (without its line break); lines without the prefix are ignored.</summary>
    public void Read(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return;
        }

        var values = line[Prefix.Length..].Trim();
        if (values.StartsWith('{'))
        {
            try
            {
                var report = RunReport.Parse(values);
                lock (_report)
                {
                    _report.MergeFrom(report);
                }
            }
            catch (FormatException ex)
            {
                Warn($"ignored a STOCKBEAT line: {ex.Message}");
            }

            return;
        }

        foreach (var pair in values.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            ReadPair(pair);
        }
    }

    private void ReadPair(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || !double.TryParse(pair[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Warn($"ignored '{pair}' in a STOCKBEAT line: expected name=number, e.g. total=1200.");
            return;
        }

        try
        {
            lock (_report)
            {
                _report.Set(pair[..equals], value);
            }
        }
        catch (ArgumentException ex)
        {
            Warn($"ignored '{pair}' in a STOCKBEAT line: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    private void Warn(string message)
    {
        lock (warnings)
        {
            warnings.WriteLine($"stockbeat: {message}");
            warnings.Flush();
        }
    }

    /// <summary>Cuts one stream's bytes into lines and hands the report lines to its owner.</summary>
    public sealed class Splitter(ReportLines owner)
    {
        private readonly ArrayBufferWriter<byte> _line = new();
        private bool _tooLong;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                var end = bytes.IndexOf((byte)'\n');
                var part = end < 0 ? bytes : bytes[..end];
                if (!_tooLong && _line.WrittenCount + part.Length <= MaxLine)
                {
                    _line.Write(part);
                }
                else
                {
                    // A line this long is output, not a report: skip the rest of it.
                    _tooLong = true;
                }

                if (end < 0)
                {
                    return;
                }

                EndLine();
                bytes = bytes[(end + 1)..];
            }
        }

        /// <summary>Reads the last line, which may have no line break.</summary>
        public void Complete()
        {
            if (_line.WrittenCount > 0)
            {
                EndLine();
            }
        }

        private void EndLine()
        {
            var bytes = _line.WrittenSpan;
            if (!_tooLong && bytes.StartsWith(PrefixBytes))
            {
                owner.Read(Encoding.UTF8.GetString(bytes).TrimEnd('\r'));
            }

            _line.ResetWrittenCount();
            _tooLong = false;
        }
    }
}
