using System.Text;
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
}
