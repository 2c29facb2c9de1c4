using System.Text;

namespace Stockbeat.Tests;

/// <summary>What <c>stockbeat run</c> keeps of a command's output: the tail, and the report lines.</summary>
public sealed class OutputCaptureTests
{
    [Theory]
    [InlineData(new[] { "abc" }, "abc")]
    [InlineData(new[] { "abcdefgh" }, "abcdefgh")]
    [InlineData(new[] { "abc", "defghij" }, "cdefghij")]
    [InlineData(new[] { "abcdef", "ghi", "jklmn" }, "ghijklmn")]
    [InlineData(new[] { "0123456789abcdefghij" }, "cdefghij")]
    [InlineData(new[] { "x", "0123456789abcdefghij", "Z" }, "defghijZ")]
    public void OutputTail_KeepsLastBytes_WhenOutputArrivesInChunks(string[] chunks, string expected)
    {
        var tail = new OutputTail(capacity: 8);

        foreach (var chunk in chunks)
        {
            tail.Append(Encoding.UTF8.GetBytes(chunk));
        }

        Assert.Equal(expected, tail.ToString());
    }

    [Fact]
    public void OutputTail_DropsCutCharacter_WhenTailStartsInsideOne()
    {
        var tail = new OutputTail(capacity: 8);

        tail.Append(Encoding.UTF8.GetBytes("ab€cdefgh"));

        Assert.Equal("cdefgh", tail.ToString());
    }

    [Fact]
    public void CapturedOutput_KeepsArrivalOrder_WhenStderrIsStillInTail()
    {
        var output = new CapturedOutput(capacity: 32, errorCapacity: 8);

        output.Append("sku 1\n"u8, isError: false);
        output.Append("boom\n"u8, isError: true);
        output.Append("sku 2\n"u8, isError: false);

        Assert.Equal("sku 1\nboom\nsku 2\n", output.ToString());
    }

    [Fact]
    public void CapturedOutput_AddsEndOfStderr_WhenStdoutPushedItOutOfTail()
    {
        var output = new CapturedOutput(capacity: 48, errorCapacity: 8);

        output.Append("an old warning\nboom\n"u8, isError: true);
        output.Append(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("0123456789", 6))), isError: false);

        // 48 bytes in all, as the tail alone would be: the end of stderr takes the place of the oldest output.
        var text = output.ToString();
        Assert.Equal($"34567890123456789\n{CapturedOutput.ErrorsHeading}\nng\nboom\n", text);
        Assert.Equal(48, Encoding.UTF8.GetByteCount(text));
    }

    [Fact]
    public void CapturedOutput_AddsEndOfStderr_WhenTheTailCutItsLastWriteInTwo()
    {
        var output = new CapturedOutput(capacity: 48, errorCapacity: 8);

        output.Append("boom\n"u8, isError: true);
        output.Append(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("0123456789", 4)) + "abcdef"), isError: false);

        // 51 bytes written: the tail begins at the "m" of "boom", so the line is repeated whole after the heading.
        var text = output.ToString();
        Assert.EndsWith($"\n{CapturedOutput.ErrorsHeading}\nboom\n", text);
        Assert.Equal(48, Encoding.UTF8.GetByteCount(text));
    }

    [Fact]
    public void ReportLines_ReadsPairsAndJson_WhenLinesArriveInPieces()
    {
        var warnings = new StringWriter();
        var lines = new ReportLines(warnings);
        var splitter = new ReportLines.Splitter(lines);

        foreach (var piece in new[] { "syncing\nSTOCKBEAT tot", "al=12 errors=1\r\n", "STOCKBEAT {\"backlog\": 4, \"errors\": 2}\n", "STOCKBEAT api_ms=3.5" })
        {
            splitter.Append(Encoding.UTF8.GetBytes(piece));
        }

        splitter.Complete();

        var report = lines.Report;
        Assert.Equal(12, report.Total);
        Assert.Equal(2, report.Errors);
        Assert.Equal(4, report.Backlog);
        Assert.Equal(3.5, report.Metrics["api_ms"]);
        Assert.Equal("", warnings.ToString());
    }

    [Theory]
    [InlineData("STOCKBEAT total", "ignored 'total' in a STOCKBEAT line: expected name=number")]
    [InlineData("STOCKBEAT errors=1.5", "'errors' must be a whole number of at least 0")]
    [InlineData("STOCKBEAT log=5", "'log' is not a metric name")]
    [InlineData("STOCKBEAT {\"total\": [1]}", "ignored a STOCKBEAT line: The run report's 'total' must be a number, not array.")]
    public void ReportLines_WarnsAndSkips_WhenValueIsMalformed(string line, string warning)
    {
        var warnings = new StringWriter();
        var lines = new ReportLines(warnings);

        lines.Read(line);

        Assert.Contains(warning, warnings.ToString(), StringComparison.Ordinal);
        Assert.False(lines.Report.HasValues);
    }

    [Theory]
    [InlineData("stockbeat total=1")]
    [InlineData(" STOCKBEAT total=1")]
    [InlineData("STOCKBEATtotal=1")]
    public void ReportLines_IgnoresLine_WhenPrefixDiffers(string line)
    {
        var lines = new ReportLines(new StringWriter());

        lines.Read(line);

        Assert.False(lines.Report.HasValues);
    }

    [Fact]
    public void ReportLines_SkipsLine_WhenLongerThanAnyReport()
    {
        var lines = new ReportLines(new StringWriter());
        var splitter = new ReportLines.Splitter(lines);

        splitter.Append(Encoding.UTF8.GetBytes("STOCKBEAT total=1 " + new string('x', 70_000) + "\nSTOCKBEAT errors=2\n"));

        Assert.Null(lines.Report.Total);
        Assert.Equal(2, lines.Report.Errors);
    }
}
