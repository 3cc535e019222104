using System.Text.Json;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Screening;

namespace ModerationApi.IntegrationTests.Screening;

/// <summary>The shipped encoder screen in front of the real encoder and heads.</summary>
public sealed class EncoderScreenEngineTests
{
    // Written for this test: ordinary posts, hard negatives, posts with rule evidence and positives.
    private static readonly string[] Texts =
    [
        "Lovely weather in Leeds today, off to the park with the kids and a flask of tea.",
        "Our bake sale raised 340 pounds for the school library, thank you to every parent who helped.",
        "The council meeting on Tuesday will discuss the new cycle lanes on the high street.",
        "Islamic State militants claimed responsibility for the bombing in Kabul, officials said on Tuesday.",
        "Ramadan reminder: zakat is due on savings held for a lunar year. Our masjid collects zakat for local families.",
        "Brothers, the lions of the caliphate struck the apostate army today. Join the ranks, the khilafah will rise again.",
        "Support our fighters on the front: send whatever you can, Monero only so the kuffar cannot trace it.",
        "Every true believer must make hijrah and fight the crusaders until their blood fills the streets. Victory is near.",
        "Send BTC to 1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8H to keep the project's servers running, thanks!",
        "Just finished a 10k run along the river, new personal best and the sun came out at the end.",
    ];

    [Fact]
    public async Task ScreenSwitchedOffGivesTheFullPipelinesVerdictsExactly()
    {
        using var full = new ModerationEngineBuilder(new EngineOptions()).WithModel(new ClassifierOptions()).Build();
        using var off = new ModerationEngineBuilder(new EngineOptions()).WithModel(new ClassifierOptions()).WithScreen(new ScreenOptions { Enabled = false }).Build();

        var expected = await VerdictsAsync(full);
        var actual = await VerdictsAsync(off);

        Assert.Equal(full.ModelVersion, off.ModelVersion);
        Assert.Equal(expected.Select(v => JsonSerializer.Serialize(v)), actual.Select(v => JsonSerializer.Serialize(v)));
    }

    [Fact]
    public async Task WithTheShippedScreenEveryPostItDoesNotClearGetsTheFullPipelinesVerdict()
    {
        using var full = new ModerationEngineBuilder(new EngineOptions()).WithModel(new ClassifierOptions()).Build();
        using var screened = new ModerationEngineBuilder(new EngineOptions()).WithModel(new ClassifierOptions()).WithScreen(new ScreenOptions()).Build();

        var expected = await VerdictsAsync(full);
        var actual = await VerdictsAsync(screened);

        Assert.Matches("\\+screen-[0-9a-f]{12}$", screened.ModelVersion);
        var cleared = 0;
        for (var i = 0; i < Texts.Length; i++)
        {
            if (actual[i].Coverage.Any(c => c.Screened))
            {
                cleared++;

                // A cleared post lost only the encoder's word: it had no rule evidence and the model did not flag it.
                Assert.Empty(actual[i].Evidence);
                Assert.Equal(expected[i].Action, actual[i].Action);
            }
            else
            {
                Assert.Equal(JsonSerializer.Serialize(expected[i] with { ModelVersion = "" }), JsonSerializer.Serialize(actual[i] with { ModelVersion = "" }));
            }
        }

        // The positives (posts 5-7) and the post with a Bitcoin address (8) are never cleared.
        Assert.All([5, 6, 7, 8], i => Assert.DoesNotContain(actual[i].Coverage, c => c.Screened));
        Assert.InRange(cleared, 1, Texts.Length);
    }

    private static async Task<List<Verdict>> VerdictsAsync(ModerationEngine engine) =>
        [.. (await engine.ModerateAsync([.. Texts.Select(t => new Post(t))])).Verdicts];
}
