using System.Text;
using System.Text.Json;
using ModerationApi.Cli.Rescan;

namespace ModerationApi.UnitTests.Rescan;

public sealed class RescanCheckpointTests
{
    private static readonly RescanJob Job = new("/data/posts.jsonl", 1000, "abc", "/out/v.jsonl.errors.jsonl", "jsonl", "text", "id", 64, "none", "r1");

    [Fact]
    public void CheckpointSurvivesARoundTripThroughItsFileFormat()
    {
        var tally = new RescanTally { Posts = 10, Errors = 2 };
        tally.Actions["block"] = 3;
        tally.Rules["crypto.address.xmr"] = 3;
        var checkpoint = new RescanCheckpoint(Job, 500, 12, 4000, 90, false, tally);

        var read = CheckpointFile.Deserialize(CheckpointFile.Serialize(checkpoint));

        Assert.Equal(Job, read.Job);
        Assert.Equal((500L, 12L, 4000L, 90L, false), (read.InputOffset, read.Lines, read.OutputLength, read.ErrorsLength, read.Complete));
        Assert.Equal((10L, 2L, 3L, 3L), (read.Tally.Posts, read.Tally.Errors, read.Tally.Actions["block"], read.Tally.Rules["crypto.address.xmr"]));
    }

    [Fact]
    public void OutputLongerThanTheCheckpointIsResumable()
    {
        var checkpoint = new RescanCheckpoint(Job, 500, 12, 4000, 90, false, new RescanTally());

        // Lines written after the checkpoint, a torn last line included, are cut off on resume.
        Assert.Null(checkpoint.CannotResume(Job, 4321, 90));
    }

    [Fact]
    public void OutputShorterThanTheCheckpointIsRefused()
    {
        var checkpoint = new RescanCheckpoint(Job, 500, 12, 4000, 90, false, new RescanTally());

        Assert.Contains("output is 3999 bytes", checkpoint.CannotResume(Job, 3999, 90), StringComparison.Ordinal);
        Assert.Contains("errors file is 0 bytes", checkpoint.CannotResume(Job, 4000, 0), StringComparison.Ordinal);
    }

    [Fact]
    public void ResumeWithDifferentRulesOrBatchIsRefusedNamingTheDifference()
    {
        var checkpoint = RescanCheckpoint.Start(Job);

        Assert.Contains("rules version was 'r1', now 'r2'", checkpoint.CannotResume(Job with { RulesVersion = "r2" }, 0, 0), StringComparison.Ordinal);
        Assert.Contains("batch was '64', now '32'", checkpoint.CannotResume(Job with { Batch = 32 }, 0, 0), StringComparison.Ordinal);
        Assert.Contains("input content", checkpoint.CannotResume(Job with { InputHead = "def" }, 0, 0), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointOfAnotherFormatVersionIsRefused()
    {
        var json = Encoding.UTF8.GetString(CheckpointFile.Serialize(RescanCheckpoint.Start(Job))).Replace("\"version\": 1", "\"version\": 99", StringComparison.Ordinal);

        var read = CheckpointFile.Deserialize(Encoding.UTF8.GetBytes(json));

        Assert.Contains("format 99", read.CannotResume(Job, 0, 0), StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedCheckpointIsNotReadAsOne()
    {
        var bytes = CheckpointFile.Serialize(RescanCheckpoint.Start(Job));

        Assert.ThrowsAny<JsonException>(() => CheckpointFile.Deserialize(bytes.AsSpan(0, bytes.Length / 2)));
    }
}
