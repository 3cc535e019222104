using ModerationApi.IntegrationTests.Infrastructure;
using static ModerationApi.IntegrationTests.Review.ReviewApi;

namespace ModerationApi.IntegrationTests.Review;

/// <summary>The bank's near-duplicate thresholds come from configuration and are checked at start-up.</summary>
public sealed class NearDuplicateSettingsTests
{
    [Theory]
    [InlineData("Review:NearDuplicateMinSimilarity", "1.5")]
    [InlineData("Review:NearDuplicateMinSimilarity", "0")]
    [InlineData("Review:NearDuplicateMaxDistance", "16")]
    [InlineData("Review:NearDuplicateMinWords", "0")]
    public void OutOfRangeSettingStopsTheServiceFromStarting(string key, string value)
    {
        var error = StartupFailure.Of<Exception>(() => new ModerationApiFactory().With(key, value));

        Assert.Contains(key.Split(':')[1], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredSimilarityDecidesWhetherAnEditedRepostIsBlocked()
    {
        var text = BlockedPost("strict");
        var repost = text.Replace("the fight", "the war", StringComparison.Ordinal);

        foreach (var (similarity, blockedByBank) in new[] { ("1.0", false), ("0.7", true) })
        {
            await using var factory = new ModerationApiFactory().With("Review:NearDuplicateMinSimilarity", similarity);
            var moderator = factory.ClientWithKey(ModerationApiFactory.ModerateKey);
            var reviewer = factory.ClientWithKey(ModerationApiFactory.ReviewKey);
            await ModerateAsync(moderator, text);
            await DecideOkAsync(reviewer, await ItemIdOfAsync(reviewer, text), "confirm");

            var verdict = await ModerateAsync(moderator, repost);

            Assert.Equal(blockedByBank, verdict.GetProperty("evidence").EnumerateArray().Any(e => e.GetProperty("source").GetString() == "bank"));
            // Either way the edited re-post waits for a reviewer: blocked by the rules or by the bank.
            Assert.Single(await AllItemsAsync(reviewer, "?status=pending"));
        }
    }
}
