namespace ModerationApi.IntegrationTests.Infrastructure;

/// <summary>
/// Tests against one service instance whose verdict cache and review store live on a real redis-server of their own,
/// with an HTTP client holding the moderate key.
/// </summary>
public abstract class ServiceOnRedisTests : IAsyncLifetime
{
    protected RedisServer Redis { get; } = new();

    protected ModerationApiFactory Factory { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        Factory = new ModerationApiFactory().With("ConnectionStrings:Redis", Redis.ConnectionString);
        Client = Factory.ClientWithKey(ModerationApiFactory.ModerateKey);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
