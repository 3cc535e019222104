using System.Text.Json;
using ModerationApi.Engine.KnownContent;

namespace ModerationApi.Storage.Review;

/// <summary>The bank and the allow list, for the engine to load.</summary>
public sealed partial class RedisReviewStore
{
    /// <inheritdoc/>
    public async ValueTask<KnownContentSnapshot> LoadKnownContentAsync(CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var bank = database.HashGetAllAsync(Bank);
        var allow = database.HashGetAllAsync(Allow);
        await Task.WhenAll(bank, allow).WaitAsync(cancellationToken).ConfigureAwait(false);
        var blocked = new List<KnownContentEntry>();
        foreach (var field in await bank.ConfigureAwait(false))
        {
            if (JsonSerializer.Deserialize<KnownContentEntry>((string)field.Value!, ReviewJson.Options) is { } entry)
            {
                blocked.Add(entry);
            }
        }

        var allowed = (await allow.ConfigureAwait(false)).Select(f => new KeyValuePair<string, string>(f.Name!, f.Value!)).ToList();
        return new KnownContentSnapshot(blocked, allowed);
    }

    /// <inheritdoc/>
    public async ValueTask<long> KnownContentVersionAsync(CancellationToken cancellationToken)
    {
        var value = await Redis.GetDatabase().StringGetAsync(KnownVersion).WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.IsNullOrEmpty ? 0 : (long)value;
    }
}
