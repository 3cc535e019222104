using ModerationApi.Cli.Compare;

namespace ModerationApi.UnitTests.Compare;

/// <summary>Retroactive rescan reports over small hand-written verdict files.</summary>
public sealed class ChangeReportTests
{
    private const string OldRules = "rules-old1";
    private const string NewRules = "rules-new2";

    [Fact]
    public void TransitionsAreCountedAndAttributedToTheRuleThatAppearedInTheNewRulesVersion()
    {
        var before = Enumerable.Range(0, 5).Select(i => Line($"p{i}", "allow", OldRules)).ToList();
        before.Add(Line("p5", "block", OldRules, "phrases.appeal"));
        var after = Enumerable.Range(0, 3).Select(i => Line($"p{i}", "block", NewRules, "crypto.address.xmr")).ToList();
        after.Add(Line("p3", "review", NewRules, "model.extremist_propaganda"));
        after.Add(Line("p4", "allow", NewRules));
        after.Add(Line("p5", "allow", NewRules));

        var changes = Compare(before, after);
        var report = ChangeReport.Format(changes, "before.jsonl", "after.jsonl");

        Assert.Equal(5, changes.Changed);
        Assert.Equal(3, changes.Transitions[("allow", "block")].Count);
        Assert.Equal(1, changes.Transitions[("allow", "review")].Count);
        Assert.Equal(1, changes.Transitions[("block", "allow")].Count);
        Assert.Contains("**5 verdicts changed** of 6 posts", report, StringComparison.Ordinal);
        Assert.Contains("| allow → block | 3 |", report, StringComparison.Ordinal);
        Assert.Contains($"- 3 allow → block by rule `crypto.address.xmr` appearing (rules version {NewRules})", report, StringComparison.Ordinal);
        Assert.Contains("- 1 allow → review by model evidence `model.extremist_propaganda` appearing (model none)", report, StringComparison.Ordinal);
        Assert.Contains($"- 1 block → allow by rule `phrases.appeal` disappearing (rules version {OldRules} before)", report, StringComparison.Ordinal);
        Assert.Contains("Sample post ids: `p0`, `p1`, `p2`", report, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangeWithoutNewOrLostEvidenceIsReportedAsAScoreOrThresholdChange()
    {
        var changes = Compare([Line("a", "review", OldRules, "phrases.appeal")], [Line("a", "block", NewRules, "phrases.appeal")]);

        var report = ChangeReport.Format(changes, "b", "a");

        Assert.Contains($"- 1 review → block with the same rule and model evidence (scores or thresholds moved: rules {OldRules} → {NewRules}", report, StringComparison.Ordinal);
    }

    [Fact]
    public void PostsInOnlyOneRunAreCountedNotCompared()
    {
        var changes = Compare(
            [Line("gone", "block", OldRules, "x"), Line("same", "allow", OldRules)],
            [Line("same", "allow", NewRules), Line("new", "block", NewRules, "x")]);

        Assert.Equal(1, changes.Compared);
        Assert.Equal(1, changes.OnlyAfter);
        Assert.Equal(1, changes.Before.Unseen);
        Assert.Equal(0, changes.Changed);
        Assert.Contains("1 posts only in the later run, 1 only in the earlier one", ChangeReport.Format(changes, "b", "a"), StringComparison.Ordinal);
    }

    [Fact]
    public void SamplesAreCappedAndTheReportCarriesNoEvidenceText()
    {
        const string Secret = "send monero to the brothers";
        var before = Enumerable.Range(0, 30).Select(i => Line($"p{i}", "allow", OldRules)).ToList();
        var after = Enumerable.Range(0, 30).Select(i => Line($"p{i}", "block", NewRules, "phrases.appeal", Secret)).ToList();

        var report = ChangeReport.Format(Compare(before, after, samples: 4), "b", "a");

        Assert.Contains("Sample post ids: `p0`, `p1`, `p2`, `p3`\n", report.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, report, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedIdInTheEarlierRunKeepsItsLastVerdict()
    {
        var changes = Compare([Line("a", "block", OldRules, "x"), Line("a", "allow", OldRules)], [Line("a", "allow", NewRules)]);

        Assert.Equal(1, changes.Before.RepeatedIds);
        Assert.Equal(0, changes.Changed);
    }

    [Fact]
    public void CompareCommandWritesTheReportFromFiles()
    {
        var folder = Directory.CreateTempSubdirectory("moderation-compare-").FullName;
        try
        {
            var before = Path.Combine(folder, "before.jsonl");
            var after = Path.Combine(folder, "after.jsonl");
            var report = Path.Combine(folder, "changes.md");
            File.WriteAllLines(before, [Line("a", "allow", OldRules), Line("b", "allow", OldRules)]);
            File.WriteAllLines(after, [Line("a", "block", NewRules, "crypto.address.xmr"), Line("b", "allow", NewRules)]);

            var exit = CompareCommand.Run(["--before", before, "--after", after, "--out", report]);

            Assert.Equal(0, exit);
            Assert.Contains("- 1 allow → block by rule `crypto.address.xmr` appearing", File.ReadAllText(report), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void MalformedVerdictLineIsReportedWithFileAndLine()
    {
        var folder = Directory.CreateTempSubdirectory("moderation-compare-").FullName;
        try
        {
            var path = Path.Combine(folder, "v.jsonl");
            File.WriteAllLines(path, [Line("a", "allow", OldRules), "{\"action\":\"allow\"}"]);

            var ex = Assert.Throws<InvalidDataException>(() => VerdictFileReader.Read(path).ToList());

            Assert.Contains("v.jsonl:2", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static VerdictChanges Compare(IEnumerable<string> before, IEnumerable<string> after, int samples = 10)
    {
        var changes = new VerdictChanges(PreviousVerdicts.Load(before.Select(VerdictFileReader.Parse)), samples);
        foreach (var line in after)
        {
            changes.Add(VerdictFileReader.Parse(line));
        }

        return changes;
    }

    private static string Line(string id, string action, string rules, string? ruleId = null, string text = "matched span")
    {
        var evidence = ruleId is null ? "[]" : $"[{{\"label\":\"terrorist_financing\",\"source\":\"rule\",\"ruleId\":\"{ruleId}\",\"start\":0,\"end\":4,\"text\":\"{text}\",\"detail\":\"\",\"transforms\":[]}}]";
        return $"{{\"id\":\"{id}\",\"action\":\"{action}\",\"flagged\":{(action == "allow" ? "false" : "true")},\"labels\":{{}},\"evidence\":{evidence},\"modelVersion\":\"none\",\"rulesVersion\":\"{rules}\"}}";
    }
}
