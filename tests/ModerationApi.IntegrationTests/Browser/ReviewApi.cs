using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Browser;

/// <summary>The API side of the browser tests: posts moderated with the moderate key, items read with the review key.</summary>
public sealed class ReviewApi(BrowserFixture fixture)
{
    private readonly HttpClient _moderate = fixture.ApiClient(ModerationApiFactory.ModerateKey);
    private readonly HttpClient _review = fixture.ApiClient(ModerationApiFactory.ReviewKey);

    private static readonly string[] Filler =
    [
        "river", "market", "winter", "garden", "bridge", "candle", "harbour", "letter", "mountain", "orchard", "pepper", "silver",
        "thunder", "velvet", "window", "yellow", "anchor", "basket", "copper", "desert", "engine", "forest", "glacier", "hollow",
        "island", "jacket", "kettle", "ladder", "meadow", "needle", "ocean", "pillow", "quarry", "ribbon", "saddle", "timber",
    ];

    /// <summary>
    /// A post the rules block on their own (the model is off in these tests), marked with a unique token. Words drawn
    /// from the token keep every test's post apart from the others in word shingles (Jaccard similarity under 0.6,
    /// against the bank's 0.7), so one test's confirmed post never sends another test's post to the bank instead of
    /// the queue.
    /// </summary>
    public static string FlaggedPost(string token)
    {
        var random = new Random(StringComparer.Ordinal.GetHashCode(token));
        var words = string.Join(' ', Enumerable.Range(0, 24).Select(_ => Filler[random.Next(Filler.Length)]));
        return $"🙂 {token} Equip a mujahid of the Islamic State! Brothers, the caliphate needs your support for weapons and supplies. " +
            $"Donate: {Wallet} Monero only, share before it is taken down. {words}";
    }

    public const string Wallet = "888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H";

    public static string NewToken() => $"t{Guid.NewGuid():N}"[..17];

    public async Task<JsonElement> ModerateAsync(string text)
    {
        var response = await _moderate.PostAsJsonAsync("/v1/moderate", new { text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>Every item (any status) whose preview contains <paramref name="token"/>.</summary>
    public async Task<IReadOnlyList<JsonElement>> ItemsWithAsync(string token)
    {
        var found = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var url = "/v1/review/items?limit=200" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var response = await _review.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.JsonAsync();
            found.AddRange(page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("preview").GetString()!.Contains(token, StringComparison.Ordinal)));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return found;
    }

    /// <summary>Moderates a post the rules block and returns its review item's id.</summary>
    public async Task<string> FlagAsync(string text)
    {
        var verdict = await ModerateAsync(text);
        Assert.Equal("block", verdict.GetProperty("action").GetString());
        var token = text.Split(' ')[1];
        var items = await ItemsWithAsync(token);
        return Assert.Single(items).GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> DecideAsync(string id, string decision)
    {
        var response = await _review.PostAsJsonAsync($"/v1/review/items/{Uri.EscapeDataString(id)}/decisions", new { decision });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    public async Task<JsonElement> ItemAsync(string id)
    {
        var response = await _review.GetAsync($"/v1/review/items/{Uri.EscapeDataString(id)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}
