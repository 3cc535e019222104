using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Review;

/// <summary>Posts that the rules alone flag, and short-hands for the review endpoints.</summary>
public static class ReviewApi
{
    public const string MoneroAddress = "888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H";

    /// <summary>A financing appeal the rules block; the tag keeps posts apart.</summary>
    public static string BlockedPost(string tag) =>
        $"[{tag}] Brothers, equip a mujahid of the Islamic State with weapons for the fight against the apostates. Donate now: {MoneroAddress} Monero only.";

    /// <summary>Propaganda the rules hold for review.</summary>
    public static string ReviewedPost(string tag) => $"Daesh soldiers of the caliphate {tag}";

    public static async Task<JsonElement> ModerateAsync(HttpClient moderator, string text, string? id = null, bool doNotStore = false)
    {
        var response = await moderator.PostAsJsonAsync("/v1/moderate", new { id, text, doNotStore });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    public static async Task<JsonElement> ListAsync(HttpClient reviewer, string query = "")
    {
        var response = await reviewer.GetAsync("/v1/review/items" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<List<JsonElement>> AllItemsAsync(HttpClient reviewer, string query = "")
    {
        var list = await ListAsync(reviewer, query);
        return [.. list.GetProperty("items").EnumerateArray()];
    }

    public static async Task<JsonElement> GetAsync(HttpClient reviewer, string id)
    {
        var response = await reviewer.GetAsync($"/v1/review/items/{id}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> DecideAsync(HttpClient reviewer, string id, string decision, string? note = null) =>
        reviewer.PostAsJsonAsync($"/v1/review/items/{id}/decisions", new { decision, note });

    public static async Task<JsonElement> DecideOkAsync(HttpClient reviewer, string id, string decision, string? note = null)
    {
        var response = await DecideAsync(reviewer, id, decision, note);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The id of the single queued item holding <paramref name="text"/>.</summary>
    public static async Task<string> ItemIdOfAsync(HttpClient reviewer, string text)
    {
        var items = await AllItemsAsync(reviewer, "?limit=200");
        var match = Assert.Single(items, i => text.StartsWith(i.GetProperty("preview").GetString()!, StringComparison.Ordinal));
        return match.GetProperty("id").GetString()!;
    }
}
