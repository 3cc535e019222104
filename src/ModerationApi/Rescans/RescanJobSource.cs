using StackExchange.Redis;

namespace ModerationApi.Rescans;

/// <summary>
/// The Redis that scale-out rescan jobs live on: the verdict cache's (<c>ConnectionStrings:Redis</c>), which workers
/// share. Null when the service runs without Redis, in which case it cannot know about any job.
/// </summary>
internal sealed class RescanJobSource(IServiceProvider services)
{
    public IConnectionMultiplexer? Redis { get; } = services.GetService<IConnectionMultiplexer>();
}
