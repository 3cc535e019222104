using ModerationApi.Cli;
using ModerationApi.Cli.Review;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Storage.Review;
using ModerationApi.Training;

namespace ModerationApi.UnitTests.Review;

public sealed class DecisionExportTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static NewReviewItem Flagged(string text, string topLabel, double score) => new(
        At,
        "moderator",
        null,
        text,
        new Verdict(null, ModerationAction.Block, true,
            Labels.All.ToDictionary(l => l, l => l == topLabel ? new LabelResult(score, true, Severity.High) : new LabelResult(0.1, false, Severity.None)),
            [], "none", "rules-1", false),
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))),
        42);

    [Fact]
    public async Task ExportedDecisionsAreReadByTheTrainingReaderWithTheRightTargets()
    {
        var store = new MemoryReviewStore();
        var propaganda = await store.EnqueueAsync(Flagged("soldiers of the caliphate, rise", Labels.ExtremistPropaganda, 0.9), default);
        var financing = await store.EnqueueAsync(Flagged("send monero to arm the brothers", Labels.CryptoDonationRequest, 0.8), default);
        var dismissed = await store.EnqueueAsync(Flagged("a lecture on the history of the caliphate", Labels.ExtremistPropaganda, 0.6), default);
        var escalated = await store.EnqueueAsync(Flagged("unclear post", Labels.TerroristFinancing, 0.7), default);
        await store.EnqueueAsync(Flagged("still pending", Labels.TerroristFinancing, 0.7), default);
        await store.DecideAsync(propaganda, ReviewDecision.Confirm, "reviewer", null, At.AddMinutes(1), default);
        await store.DecideAsync(financing, ReviewDecision.Confirm, "reviewer", null, At.AddMinutes(2), default);
        await store.DecideAsync(dismissed, ReviewDecision.Dismiss, "lead", "history", At.AddMinutes(3), default);
        await store.DecideAsync(escalated, ReviewDecision.Escalate, "reviewer", null, At.AddMinutes(4), default);

        var folder = Directory.CreateTempSubdirectory("moderation-export-");
        try
        {
            var file = Path.Combine(folder.FullName, "review_decisions.jsonl");
            await using (var writer = new StreamWriter(file))
            {
                var counts = await DecisionExport.WriteAsync(store.ReadDecidedAsync(default), writer, default);
                Assert.Equal((2, 1), counts);
            }

            var rows = DataFiles.ReadFile(file).ToDictionary(r => r.Id);

            Assert.Equal(new[] { propaganda, financing, dismissed }.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("soldiers of the caliphate, rise", rows[propaganda].Text);
            Assert.Equal([LabelTarget.Positive, LabelTarget.Negative], TrainingLabels.For(rows[propaganda]).Targets);
            Assert.Equal(LabelTarget.Positive, TrainingLabels.For(rows[financing]).Targets[1]);
            Assert.Equal("crypto_donation_request", rows[financing].Extra["review_label"]);
            Assert.Equal([LabelTarget.Negative, LabelTarget.Negative], TrainingLabels.For(rows[dismissed]).Targets);
            Assert.Equal("review_decisions/review_dismissed", TrainingLabels.NegativeGroup(rows[dismissed]));
            Assert.Equal("lead", rows[dismissed].Extra["reviewer"]);
            Assert.Equal("2026-03-01T12:03:00.000Z", rows[dismissed].Extra["decided_at"]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task RepostsTheBankConfirmedByItselfAreNotExportedButReviewerConfirmationsAre()
    {
        var store = new MemoryReviewStore();
        const string Text = "soldiers of the caliphate, rise and join the ranks";
        var original = await store.EnqueueAsync(Flagged(Text, Labels.ExtremistPropaganda, 0.9), default);
        await store.DecideAsync(original, ReviewDecision.Confirm, "reviewer", null, At.AddMinutes(1), default);
        var repost = Flagged(Text + " #dawlah", Labels.ExtremistPropaganda, 1.0);
        repost = repost with
        {
            Verdict = repost.Verdict with
            {
                Evidence = [new Evidence(Labels.ExtremistPropaganda, EvidenceSource.Bank, "bank", 0, repost.Text.Length, repost.Text, $"confirmed review item {original}", [], 1.0)],
            },
        };

        var auto = await store.RecordBankMatchAsync(repost, $"blocked by the known-content bank: confirmed review item {original}", default);

        var autoItem = (await store.GetAsync(auto, default))!;
        Assert.NotEqual(original, auto);
        Assert.Equal(ReviewStatus.Confirmed, autoItem.Status);
        Assert.True(autoItem.ConfirmedByBank);
        Assert.False((await store.GetAsync(original, default))!.ConfirmedByBank);
        Assert.Null(DecisionExport.ToRow(autoItem));
        using var writer = new StringWriter();
        Assert.Equal((1, 0), await DecisionExport.WriteAsync(store.ReadDecidedAsync(default), writer, default));
        Assert.Contains(original, writer.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(auto, writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NearDuplicateTheBankBlockedAndAReviewerConfirmedIsExported()
    {
        var store = new MemoryReviewStore();
        var edited = Flagged("soldiers of the caliphate, rise and join the war", Labels.ExtremistPropaganda, 1.0);
        edited = edited with
        {
            Verdict = edited.Verdict with
            {
                Evidence = [new Evidence(Labels.ExtremistPropaganda, EvidenceSource.Bank, "bank", 0, edited.Text.Length, edited.Text, "confirmed review item r_1 (near duplicate)", [], 1.0)],
            },
        };
        var id = await store.EnqueueAsync(edited, default);
        var decided = await store.DecideAsync(id, ReviewDecision.Confirm, "reviewer", "same appeal", At, default);

        Assert.False(decided.Item!.ConfirmedByBank);
        Assert.Equal("extremist_propaganda", DecisionExport.ToRow(decided.Item!)!["label"]);
    }

    [Theory]
    [InlineData("isis_nft_reference", "extremist_propaganda")]
    [InlineData("crypto_donation_request", "terrorist_financing")]
    [InlineData("terrorist_financing", "terrorist_financing")]
    [InlineData("extremist_propaganda", "extremist_propaganda")]
    public async Task ConfirmedItemsBecomePositivesForAHeadTheModelHas(string topLabel, string trainingLabel)
    {
        var store = new MemoryReviewStore();
        var id = await store.EnqueueAsync(Flagged("text", topLabel, 0.9), default);
        var decided = await store.DecideAsync(id, ReviewDecision.Confirm, "reviewer", null, At, default);

        var row = DecisionExport.ToRow(decided.Item!);

        Assert.Equal(trainingLabel, row!["label"]);
        Assert.Contains(trainingLabel, TrainingLabels.Heads);
    }
}
