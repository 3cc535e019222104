using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModerationApi.IntegrationTests.Infrastructure;
using ModerationApi.Storage.Review;
using static ModerationApi.IntegrationTests.Review.ReviewApi;

namespace ModerationApi.IntegrationTests.Review;

public sealed class DecisionContentionTests : IDisposable
{
    private readonly ModerationApiFactory _factory = new ModerationApiFactory()
        .WithServices(services => services.Replace(ServiceDescriptor.Singleton<IReviewStore, ContendedReviewStore>()));

    [Fact]
    public async Task DecisionThatKeptLosingRacesIsAConflictNotAServerError()
    {
        using var moderator = _factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        using var reviewer = _factory.ClientWithKey(ModerationApiFactory.ReviewKey);
        var text = ReviewedPost("contended");
        await ModerateAsync(moderator, text);
        var id = await ItemIdOfAsync(reviewer, text);

        var problem = await (await DecideAsync(reviewer, id, "confirm")).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("id", problem.GetProperty("field").GetString());
        Assert.Contains("nothing was recorded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("pending", (await GetAsync(reviewer, id)).GetProperty("status").GetString());
    }

    public void Dispose() => _factory.Dispose();
}
