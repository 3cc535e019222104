using Microsoft.Extensions.Options;
using ModerationApi.Review;
using ModerationApi.Storage.Review;

namespace ModerationApi.IntegrationTests.Review;

/// <summary>The review validators on their own (no host): every parameter checked, every error named.</summary>
public sealed class ReviewValidatorTests
{
    private static readonly IOptions<ReviewOptions> Defaults = Options.Create(new ReviewOptions());

    private static ReviewItemsQuery Query(string? status = null, string? label = null, string? action = null, string? from = null,
        string? to = null, string? sort = null, string? limit = null, string? cursor = null) => new(status, label, action, from, to, sort, limit, cursor);

    [Fact]
    public void EmptyQueryIsValidAndMeansEverythingNewestFirstDefaultPage()
    {
        var query = Query();

        Assert.True(new ReviewItemsQueryValidator(Defaults).Validate(query).IsValid);
        var store = query.ToStoreQuery(50);
        Assert.Equal(new ReviewQuery(Limit: 50), store);
    }

    [Fact]
    public void FullQueryParsesIntoTheStoreQuery()
    {
        var cursor = ReviewCursor.After(ReviewSort.Score, new ReviewSummary(ReviewIds.New(DateTimeOffset.UnixEpoch), DateTimeOffset.UnixEpoch,
            ReviewStatus.Pending, Engine.Policy.ModerationAction.Block, "terrorist_financing", 0.97, "k", null, "p", 1)).Encode();
        var query = Query("escalated", "terrorist_financing", "block", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00+01:00", "score", "200", cursor);

        Assert.True(new ReviewItemsQueryValidator(Defaults).Validate(query).IsValid);
        var store = query.ToStoreQuery(50);
        Assert.Equal(ReviewStatus.Escalated, store.Status);
        Assert.Equal(Engine.Policy.ModerationAction.Block, store.Action);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 23, 0, 0, TimeSpan.Zero), store.To);
        Assert.Equal(200, store.Limit);
        Assert.Equal(ReviewSort.Score, store.After!.Sort);
        Assert.StartsWith("0970000:", store.After.Key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit", "-1")]
    [InlineData("limit", "1.5")]
    [InlineData("limit", "999999999999")]
    [InlineData("status", "Pending")]
    [InlineData("cursor", "%%%")]
    public void BadValuesAreNamed(string field, string value)
    {
        var query = field switch
        {
            "limit" => Query(limit: value),
            "status" => Query(status: value),
            _ => Query(cursor: value),
        };

        var result = new ReviewItemsQueryValidator(Defaults).Validate(query);

        Assert.Equal([field], result.Errors.Select(e => e.PropertyName.ToLowerInvariant()).Distinct());
    }

    [Fact]
    public void LimitFollowsTheConfiguredMaximum()
    {
        var options = Options.Create(new ReviewOptions { MaxPageSize = 20 });

        Assert.True(new ReviewItemsQueryValidator(options).Validate(Query(limit: "20")).IsValid);
        Assert.False(new ReviewItemsQueryValidator(options).Validate(Query(limit: "21")).IsValid);
    }

    [Theory]
    [InlineData("confirm", null, true)]
    [InlineData("dismiss", "", true)]
    [InlineData("escalate", "short note", true)]
    [InlineData("Confirm", null, false)]
    [InlineData("", null, false)]
    [InlineData(null, null, false)]
    public void DecisionMustBeOneOfThree(string? decision, string? note, bool valid)
    {
        Assert.Equal(valid, new DecisionRequestValidator(Defaults).Validate(new DecisionRequest(decision, note)).IsValid);
    }

    [Fact]
    public void NoteLengthFollowsTheConfiguredLimit()
    {
        var validator = new DecisionRequestValidator(Options.Create(new ReviewOptions { MaxNoteLength = 10 }));

        Assert.True(validator.Validate(new DecisionRequest("confirm", new string('x', 10))).IsValid);
        var errors = validator.Validate(new DecisionRequest("confirm", new string('x', 11))).Errors;
        Assert.Equal("note", Assert.Single(errors).PropertyName, ignoreCase: true);
    }
}
