using ModerationApi.Engine.Rules;

namespace ModerationApi.UnitTests.Rules;

public sealed class RuleFileTests
{
    [Fact]
    public void ParsesHeaderSectionsAttributesAndCaseFlag()
    {
        var file = RuleFile.Parse("t.rules", """
            # comment
            @id test
            @description Two sections.

            [entity weight=0.3 group=isis]
            islamic state   # trailing comment
            IS-NEWS #01 | case

            [request]
            donate
            """);

        Assert.Equal("test", file.Id);
        Assert.Equal("Two sections.", file.Header["description"]);
        Assert.Equal(2, file.Sections.Count);
        var entity = file.Sections[0];
        Assert.Equal("0.3", entity.Attributes["weight"]);
        Assert.Equal("isis", entity.Attributes["group"]);
        Assert.Equal(new RuleTerm("islamic state", 6, false), entity.Terms[0]);
        Assert.Equal(new RuleTerm("IS-NEWS #01", 7, true), entity.Terms[1]);
        Assert.Equal(3, file.TermCount);
    }

    [Theory]
    [InlineData("@id x\nlonely term", 2, "inside a [section]")]
    [InlineData("@id x\n[entity weight=2]\nfoo", 2, "from 0 to 1")]
    [InlineData("@id x\n[entity]\n[request]\nfoo", 3, "has no terms")]
    [InlineData("@id x\n[entity\nfoo", 2, "must end with ']'")]
    [InlineData("@id x\n[entity]\nfoo | nocase", 3, "unknown term flag")]
    [InlineData("[entity]\nfoo", 0, "@id")]
    [InlineData("@id x\n@id y\n[entity]\nfoo", 2, "set twice")]
    [InlineData("@id x\n[entity]\nfoo\n@late header", 4, "before the first section")]
    public void BrokenFileNamesFileAndLine(string content, int line, string reason)
    {
        var ex = Assert.Throws<RuleFileException>(() => RuleFile.Parse("broken.rules", content));

        Assert.Equal("broken.rules", ex.FileName);
        Assert.Equal(line, ex.Line);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
