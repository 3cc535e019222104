using ModerationApi.Cli.Rescan;
using static ModerationApi.UnitTests.Rescan.InMemoryArchive;

namespace ModerationApi.UnitTests.Rescan;

public sealed class CsvArchiveReaderTests
{
    [Fact]
    public void TextAndIdComeFromTheNamedColumnsAndTheOthersPassThroughInHeaderOrder()
    {
        using var reader = new CsvArchiveReader(Input("lang,body,post_id,user\nen,hello,p1,ann\n"), "body", "post_id", 0, 0, 1024);

        var post = Assert.Single(ReadAll(reader));

        Assert.Null(post.Error);
        Assert.Equal(("p1", "hello"), (post.Id, post.Text));
        Assert.Equal([new("lang", "en"), new("user", "ann")], post.Fields);
    }

    [Fact]
    public void RowWithTheWrongFieldCountOrNoIdIsMalformedAndReadingGoesOn()
    {
        using var reader = new CsvArchiveReader(Input("id,text\n1,a,extra\n,b\n3\n4,ok\n"), "text", "id", 0, 0, 1024);

        var records = ReadAll(reader);

        Assert.Equal("expected 2 fields as in the header, found 3", records[0].Error);
        Assert.Equal("empty id column 'id'", records[1].Error);
        Assert.Equal("expected 2 fields as in the header, found 1", records[2].Error);
        Assert.Equal(("4", "ok", 5L), (records[3].Id, records[3].Text, records[3].Line));
    }

    [Fact]
    public void MissingTextColumnIsAnErrorNamingTheColumnsFound()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CsvArchiveReader(Input("id,body\n1,a\n"), "text", "id", 0, 0, 1024));

        Assert.Contains("no column 'text'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("id, body", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ByteOrderMarkIsNotPartOfTheFirstColumnName()
    {
        using var reader = new CsvArchiveReader(Input("\uFEFFid,text\n1,a\n"), "text", "id", 0, 0, 1024);

        Assert.Equal("1", Assert.Single(ReadAll(reader)).Id);
    }

    [Fact]
    public void ResumedReaderReadsTheHeaderThenContinuesAtTheCheckpoint()
    {
        const string csv = "id,text\n1,a\n2,\"b\nb\"\n3,c\n";
        using var first = new CsvArchiveReader(Input(csv), "text", "id", 0, 0, 1024);
        first.Next();
        first.Next();

        using var resumed = new CsvArchiveReader(Input(csv), "text", "id", first.Position, first.Lines, 1024);

        var post = Assert.Single(ReadAll(resumed));
        Assert.Equal(("3", "c", 5L), (post.Id, post.Text, post.Line));
    }

    [Fact]
    public void EmptyFileHoldsNoPosts()
    {
        using var reader = new CsvArchiveReader(Input(string.Empty), "text", "id", 0, 0, 1024);

        Assert.Empty(ReadAll(reader));
    }
}
