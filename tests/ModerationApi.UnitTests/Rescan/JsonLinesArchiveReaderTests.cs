using System.Text;
using ModerationApi.Cli.Rescan;
using static ModerationApi.UnitTests.Rescan.InMemoryArchive;

namespace ModerationApi.UnitTests.Rescan;

public sealed class JsonLinesArchiveReaderTests
{
    [Fact]
    public void IdAndTextAreReadAndOnlyOtherStringFieldsPassThrough()
    {
        using var reader = Reader("{\"lang\":\"en\",\"id\":\"p1\",\"likes\":3,\"text\":\"hi\",\"tags\":[\"a\"],\"user\":\"ann\"}\n");

        var post = Assert.Single(ReadAll(reader));

        Assert.Equal(("p1", "hi"), (post.Id, post.Text));
        Assert.Equal([new("lang", "en"), new("user", "ann")], post.Fields);
    }

    [Fact]
    public void NumericIdIsKeptAsWritten()
    {
        using var reader = Reader("{\"id\":12345678901234567890,\"text\":\"x\"}\n");

        Assert.Equal("12345678901234567890", Assert.Single(ReadAll(reader)).Id);
    }

    [Fact]
    public void MalformedLinesAreReportedWithTheirLineNumbersAndReadingGoesOn()
    {
        const string archive = "{\"id\":\"1\",\"text\":\"ok\"}\n{not json\n[1,2]\n{\"id\":\"4\"}\n{\"id\":\"5\",\"text\":7}\n{\"text\":\"no id\"}\n{\"id\":true,\"text\":\"x\"}\n{\"id\":\"8\",\"text\":\"x\\ud800\"}\n{\"id\":\"9\",\"text\":\"ok\"}";
        using var reader = Reader(archive);

        var records = ReadAll(reader);

        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), records.Select(r => r.Line));
        Assert.Null(records[0].Error);
        Assert.StartsWith("invalid JSON", records[1].Error, StringComparison.Ordinal);
        Assert.Equal("expected a JSON object, found array", records[2].Error);
        Assert.Equal(("missing 'text'", "4"), (records[3].Error, records[3].Id));
        Assert.Equal("'text' must be a string, found number", records[4].Error);
        Assert.Equal("missing 'id'", records[5].Error);
        Assert.Equal("'id' must be a string or a number, found true", records[6].Error);
        Assert.StartsWith("invalid text in a string", records[7].Error, StringComparison.Ordinal);
        Assert.Equal(("9", null), (records[8].Id, records[8].Error));
    }

    [Fact]
    public void InvalidUtf8InALineIsReported()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"id\":\"1\",\"text\":\"").Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();
        using var reader = new JsonLinesArchiveReader(Input(bytes), "text", "id", 0, 0, 1024);

        Assert.NotNull(Assert.Single(ReadAll(reader)).Error);
    }

    [Fact]
    public void BlankLinesAndCrLfEndingsAreNotPostsButStillCountAsLines()
    {
        using var reader = Reader("\uFEFF{\"id\":\"1\",\"text\":\"a\"}\r\n\r\n   \n{\"id\":\"2\",\"text\":\"b\"}\r\n");

        var records = ReadAll(reader);

        Assert.Equal([(1L, "1"), (4L, "2")], records.Select(r => (r.Line, r.Id!)));
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void LineOverTheByteLimitIsReportedAndTheNextLineIsRead()
    {
        using var reader = new JsonLinesArchiveReader(Input($"{{\"id\":\"1\",\"text\":\"{new string('x', 200)}\"}}\n{{\"id\":\"2\",\"text\":\"b\"}}\n"), "text", "id", 0, 0, 64);

        var records = ReadAll(reader);

        Assert.Equal("line longer than 64 bytes", records[0].Error);
        Assert.Equal("2", records[1].Id);
    }

    [Fact]
    public void ResumedReaderContinuesAtTheCheckpointWithTheRightLineNumbers()
    {
        const string archive = "{\"id\":\"1\",\"text\":\"a\"}\n\n{\"id\":\"2\",\"text\":\"b\"}\n{\"id\":\"3\",\"text\":\"c\"}\n";
        using var first = Reader(archive);
        first.Next();
        first.Next();

        using var resumed = new JsonLinesArchiveReader(Input(archive), "text", "id", first.Position, first.Lines, 1024);

        var post = Assert.Single(ReadAll(resumed));
        Assert.Equal(("3", 4L), (post.Id, post.Line));
    }

    [Fact]
    public void FieldNamesAreConfigurable()
    {
        using var reader = new JsonLinesArchiveReader(Input("{\"uuid\":\"u1\",\"body\":\"hello\",\"text\":\"other\"}\n"), "body", "uuid", 0, 0, 1024);

        var post = Assert.Single(ReadAll(reader));

        Assert.Equal(("u1", "hello"), (post.Id, post.Text));
        Assert.Equal([new("text", "other")], post.Fields);
    }

    private static JsonLinesArchiveReader Reader(string content) => new(Input(content), "text", "id", 0, 0, 1024);
}
