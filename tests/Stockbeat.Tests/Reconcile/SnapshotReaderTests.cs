using System.Text;
using Stockbeat.Reconcile;
using Stockbeat.Testing;

namespace Stockbeat.Tests.Reconcile;

public sealed class SnapshotReaderTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Theory]
    [InlineData(",")]
    [InlineData(";")]
    [InlineData("\t")]
    [InlineData("|")]
    public void Read_DetectsTheSeparator_WhenTheHeaderUsesIt(string separator)
    {
        var path = WriteFile("stock.csv", $"sku{separator}name{separator}quantity\nA-1{separator}Shirt{separator}5\nB-2{separator}Cap{separator}0\n");

        var sink = Read(path);

        Assert.Equal(["A-1=5@2", "B-2=0@3"], sink.Rows);
        Assert.Empty(sink.Malformed);
    }

    [Fact]
    public void Read_UnescapesQuotedFields_WhenTheyHoldSeparatorsQuotesAndLineBreaks()
    {
        var path = WriteFile("stock.csv", "sku,name,quantity\n\"A,1\",\"Shirt \"\"XL\"\"\",5\nB,\"two\nlines\",7\n\" C \",x,\" 8 \"\n");

        var sink = Read(path);

        // B starts on line 3 and its name ends on line 4, so C is on line 5.
        Assert.Equal(["A,1=5@2", "B=7@3", "C=8@5"], sink.Rows);
    }

    [Fact]
    public void Read_SkipsTheByteOrderMarkAndMatchesNamesInAnyCase_WhenTheHeaderHasThem()
    {
        var path = WriteFile("stock.csv", "\uFEFFArtikelNr;Bestand\nA;5\n", bom: false);

        var sink = Read(path, new SnapshotColumns("artikelnr", "BESTAND"));

        Assert.Equal(["A=5@2"], sink.Rows);
    }

    [Fact]
    public void Read_ReportsMalformedRowsWithLineNumbers_WhenFieldsAreMissingEmptyOrNotNumbers()
    {
        var path = WriteFile("stock.csv", string.Join('\n',
            "sku;name;quantity",
            "A;a;5",
            "B;b;abc",
            "C;c",
            "  ;d;4",
            "E;e;",
            "F;f;1,5",
            "",
            "G;g;1.5",
            "H;h;-3",
            "I;i;1e3",
            "J;j;12.000",
            "K;k;-1000000000000000",
            "L;l;1000000000000000.5",
            "M;m;99999999999999999999999999999999",
            "N;n;-") + "\n");

        var sink = Read(path);

        Assert.Equal(["A=5@2", "G=1.5@9", "H=-3@10", "J=12@12", "K=-1000000000000000@13"], sink.Rows);
        Assert.Equal(
            [
                "3: quantity \"abc\" is not a number",
                "4: missing field: 2 of 3 columns",
                "5: empty sku",
                "6: empty quantity",
                // A comma decimal is never read as a thousands separator.
                "7: quantity \"1,5\" is not a number",
                "11: quantity \"1e3\" is not a number",
                // Far beyond any stock; refused so that differences never overflow.
                "14: quantity \"1000000000000000.5\" is out of range (at most 1000000000000000 either way)",
                "15: quantity \"99999999999999999999999999999999\" is out of range (at most 1000000000000000 either way)",
                "16: quantity \"-\" is not a number",
            ],
            sink.Malformed);
    }

    [Fact]
    public void Read_NamesTheLinesABadRowSpans_WhenAStrayQuoteSwallowsRows()
    {
        // The quote after 12 opens a field that the quote after c closes: rows A to C read as one.
        var path = WriteFile("stock.csv", "sku,name,quantity\nA,Pipe 12\",1\nB,b,2\nC,c\",x\nD,d,4\n");

        var sink = Read(path);

        Assert.Equal(["D=4@5"], sink.Rows);
        Assert.Equal(["2: quantity \"x\" is not a number (the row spans lines 2-4: an unbalanced quote?)"], sink.Malformed);
    }

    [Fact]
    public void Read_ThrowsListingTheColumnsFound_WhenTheKeyColumnIsMissing()
    {
        var path = WriteFile("stock.csv", "id,name,qty\nA,a,1\n");

        var error = Assert.Throws<SnapshotException>(() => Read(path));

        Assert.Equal(
            $"{path}: no column 'sku' or 'quantity' (columns found: 'id', 'name', 'qty'); choose them with --key and --qty",
            error.Message);
    }

    [Fact]
    public void Read_Throws_WhenTheFileIsEmpty()
    {
        var path = WriteFile("stock.csv", "");

        var error = Assert.Throws<SnapshotException>(() => Read(path));

        Assert.Contains("the file is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Throws_WhenTheFileDoesNotExist()
    {
        var path = Path.Combine(_folder.Path, "missing.csv");

        var error = Assert.Throws<SnapshotException>(() => Read(path));

        Assert.Equal($"{path}: file not found", error.Message);
    }

    [Fact]
    public void Read_ReadsJsonLines_WhenTheFirstCharacterIsABrace()
    {
        var path = WriteFile("stock.jsonl", string.Join("\r\n",
            "{\"sku\":\"A\",\"quantity\":5,\"name\":{\"nested\":[1,2]}}",
            "{\"SKU\":1234,\"Quantity\":\"7\"}",
            "",
            "{\"quantity\":2.50,\"sku\":\" C \"}") + "\r\n", bom: true);

        var sink = Read(path);

        Assert.Equal(["A=5@1", "1234=7@2", "C=2.5@4"], sink.Rows);
        Assert.Empty(sink.Malformed);
    }

    [Fact]
    public void Read_ReportsMalformedJsonLines_WhenALineIsNotAnObjectWithBothFields()
    {
        var path = WriteFile("stock.jsonl", string.Join('\n',
            "{\"sku\":\"A\",\"quantity\":1}",
            "{\"sku\":\"B\",\"quantity\":",
            "[1,2]",
            "{\"sku\":\"C\"}",
            "{\"sku\":\"\",\"quantity\":1}",
            "{\"sku\":\"D\",\"quantity\":null}",
            "{\"sku\":\"E\",\"quantity\":\"x\"}",
            "{\"sku\":true,\"quantity\":1}",
            "{\"sku\":\"F\",\"quantity\":1} {}",
            "{\"sku\":\"G\",\"quantity\":1}",
            "{\"sku\":\"H\",\"quantity\":1e300}"));

        var sink = Read(path);

        Assert.Equal(["A=1@1", "G=1@10"], sink.Rows);
        Assert.Equal(
            ["2", "3: not a JSON object", "4: missing field 'quantity'", "5: empty sku", "6: empty quantity",
             "7: quantity \"x\" is not a number", "8: 'sku' is not a string or a number", "9",
             "11: quantity \"1e300\" is out of range (at most 1000000000000000 either way)"],
            sink.Malformed.Select(m => m.StartsWith("2: invalid JSON", StringComparison.Ordinal) ? "2"
                : m.StartsWith("9: invalid JSON", StringComparison.Ordinal) ? "9" : m));
    }

    [Fact]
    public void Read_ThrowsListingTheFieldsFound_WhenTheFirstJsonObjectLacksAColumn()
    {
        var path = WriteFile("stock.jsonl", "{\"id\":\"A\",\"quantity\":1}\n");

        var error = Assert.Throws<SnapshotException>(() => Read(path));

        Assert.Equal(
            $"{path}: no field 'sku' (fields found: 'id', 'quantity'); choose them with --key and --qty", error.Message);
    }

    [Fact]
    public void Read_Throws_WhenTheJsonIsAnArray()
    {
        var path = WriteFile("stock.json", "[{\"sku\":\"A\",\"quantity\":1}]");

        var error = Assert.Throws<SnapshotException>(() => Read(path));

        Assert.Contains("a JSON array is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReadsJsonLinesLongerThanTheBuffer_WhenAFieldIsHuge()
    {
        var big = new string('x', 300_000);
        var path = WriteFile("stock.jsonl", $"{{\"sku\":\"A\",\"quantity\":1}}\n{{\"note\":\"{big}\",\"sku\":\"B\",\"quantity\":2}}\n{{\"sku\":\"C\",\"quantity\":3}}");

        var sink = Read(path);

        Assert.Equal(["A=1@1", "B=2@2", "C=3@3"], sink.Rows);
    }

    public void Dispose() => _folder.Dispose();

    private static RecordingSink Read(string path, SnapshotColumns? columns = null)
    {
        var sink = new RecordingSink();
        SnapshotReader.Read(path, columns ?? SnapshotColumns.Default, sink, progress: null, TestContext.Current.CancellationToken);
        return sink;
    }

    private string WriteFile(string name, string text, bool bom = false)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }
}
