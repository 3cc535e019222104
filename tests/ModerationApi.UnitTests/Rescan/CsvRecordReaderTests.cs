using System.Text;
using ModerationApi.Cli.Rescan;
using static ModerationApi.UnitTests.Rescan.InMemoryArchive;

namespace ModerationApi.UnitTests.Rescan;

public sealed class CsvRecordReaderTests
{
    [Fact]
    public void QuotedFieldKeepsCommasAndDoubledQuotes()
    {
        var record = Assert.Single(ReadCsv("1,\"a, \"\"quoted\"\" b\",\"\"\n"));

        Assert.Null(record.Error);
        Assert.Equal(["1", "a, \"quoted\" b", ""], record.Fields);
    }

    [Fact]
    public void QuotedLineBreaksStayInTheFieldAndLaterRecordsKeepTheirPhysicalLineNumbers()
    {
        var records = ReadCsv("id,text\n1,\"first\nsecond\r\nthird\"\n2,plain\n");

        Assert.Equal([1L, 2L, 5L], records.Select(r => r.Line));
        Assert.Equal("first\nsecond\r\nthird", records[1].Fields[1]);
        Assert.Equal(["2", "plain"], records[2].Fields);
    }

    [Fact]
    public void CrLfAndLfBothEndRecordsAndALoneCrIsData()
    {
        var records = ReadCsv("a,b\r\nc,d\ne\rf,g");

        Assert.Equal([["a", "b"], ["c", "d"], ["e\rf", "g"]], records.Select(r => r.Fields));
    }

    [Fact]
    public void BlankLinesAreSkippedButALineHoldingAnEmptyQuotedFieldIsARecord()
    {
        var records = ReadCsv("a\n\n\r\n\"\"\nb");

        Assert.Equal([["a"], [""], ["b"]], records.Select(r => r.Fields));
        Assert.Equal([1L, 4L, 5L], records.Select(r => r.Line));
    }

    [Fact]
    public void StrayQuoteInAnUnquotedFieldIsReportedAndTheNextRecordIsRead()
    {
        var records = ReadCsv("1,say \"hi\"\n2,ok\n");

        Assert.Contains("quote inside unquoted field 2", records[0].Error, StringComparison.Ordinal);
        Assert.Equal(["2", "ok"], records[1].Fields);
    }

    [Fact]
    public void TextAfterAClosingQuoteIsReportedAndTheNextRecordIsRead()
    {
        var records = ReadCsv("\"a\"b,c\n2,ok\n");

        Assert.Contains("after the closing quote of field 1", records[0].Error, StringComparison.Ordinal);
        Assert.Equal(["2", "ok"], records[1].Fields);
    }

    [Fact]
    public void QuoteLeftOpenSwallowsTheRestOfTheFileAsOneReportedRecord()
    {
        var records = ReadCsv("1,ok\n2,\"never closed\n3,lost\n4,lost\n");

        Assert.Equal(2, records.Count);
        Assert.Contains("opened on line 2 is never closed", records[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordOverTheByteLimitIsReportedAndTheNextRecordIsRead()
    {
        var records = ReadCsv($"1,{new string('x', 100)}\n2,\"{new string(',', 100)}\"\n3,ok\n", maxRecordBytes: 50);

        Assert.Equal(3, records.Count);
        Assert.Contains("longer than 50 bytes", records[0].Error, StringComparison.Ordinal);
        Assert.Contains("longer than 50 bytes", records[1].Error, StringComparison.Ordinal);
        Assert.Equal(["3", "ok"], records[2].Fields);
    }

    [Fact]
    public void InvalidUtf8IsReportedWithTheField()
    {
        var bytes = Encoding.UTF8.GetBytes("1,ok\n2,").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\n3,ok\n")).ToArray();
        var reader = new CsvRecordReader(Input(bytes), 0, 1024);

        Assert.Null(reader.Next()!.Error);
        Assert.Equal("invalid UTF-8 in field 2", reader.Next()!.Error);
        Assert.Equal(["3", "ok"], reader.Next()!.Fields);
    }

    [Fact]
    public void MultiByteCharactersSplitAcrossBufferRefillsDecode()
    {
        var record = Assert.Single(ReadCsv("\"تبرع, 💸 Zakāt\",x\n"));

        Assert.Equal(["تبرع, 💸 Zakāt", "x"], record.Fields);
    }

    [Fact]
    public void ReaderStartedAtAnyReportedPositionReadsExactlyTheRemainingRecords()
    {
        const string csv = "id,text\n1,\"a\nb\"\n\n2,\"x,\"\"y\"\"\"\r\n3,bad\"quote\n4,last";
        var full = new CsvRecordReader(Input(csv), 0, 1024);
        var boundaries = new List<(long Position, long Lines)> { (0, 0) };
        var all = new List<CsvRecord>();
        while (full.Next() is { } record)
        {
            all.Add(record);
            boundaries.Add((full.Position, full.Lines));
        }

        for (var k = 0; k < boundaries.Count; k++)
        {
            var input = Input(csv);
            input.Seek(boundaries[k].Position);
            var resumed = new CsvRecordReader(input, boundaries[k].Lines, 1024);
            var rest = new List<CsvRecord>();
            while (resumed.Next() is { } record)
            {
                rest.Add(record);
            }

            Assert.Equal(all.Skip(k).Select(Describe), rest.Select(Describe));
        }
    }

    private static string Describe(CsvRecord r) => $"{r.Line}|{r.Error}|{string.Join("¦", r.Fields)}";
}
