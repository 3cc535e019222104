using System.Text;
using ModerationApi.Engine.Languages;
using ModerationApi.Engine.Policy;
using ModerationApi.Storage.Caching;

namespace ModerationApi.IntegrationTests.Api;

/// <summary>A cached value this build cannot fully read is a miss, never a 500.</summary>
public sealed class AssessmentSerializerTests
{
    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"action\":\"allow\",\"labels\":{},\"evidence\":[],\"modelVersion\":\"m\",\"rulesVersion\":\"r\"}")]
    [InlineData("{\"action\":\"allow\",\"labels\":null,\"evidence\":null,\"modelVersion\":\"m\",\"rulesVersion\":\"r\"}")]
    public void PartialOrForeignValueIsAMiss(string json) =>
        Assert.Null(AssessmentSerializer.TryDeserialize(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void LanguageCoverageSurvivesTheCache()
    {
        var labels = Labels.All.ToDictionary(l => l, _ => new LabelResult(0, false, Severity.None));
        var assessment = new Assessment(ModerationAction.Allow, labels, [], "m", "r")
        {
            Coverage = [new LanguageCoverage("ar", true), new LanguageCoverage("fr", false)],
        };

        var read = AssessmentSerializer.TryDeserialize(AssessmentSerializer.Serialize(assessment));

        Assert.NotNull(read);
        Assert.Equal([new LanguageCoverage("ar", true), new LanguageCoverage("fr", false)], read.Coverage);
    }
}
