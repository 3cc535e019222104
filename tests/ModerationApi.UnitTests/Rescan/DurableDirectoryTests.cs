using ModerationApi.Cli;

namespace ModerationApi.UnitTests.Rescan;

public sealed class DurableDirectoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("moderation-durable-").FullName;

    [Fact]
    public void ReplaceMovesTheFileOverTheTarget()
    {
        var source = Path.Combine(_folder, "new.tmp");
        var target = Path.Combine(_folder, "file");
        File.WriteAllText(source, "new");
        File.WriteAllText(target, "old");

        DurableDirectory.Replace(source, target);

        Assert.Equal("new", File.ReadAllText(target));
        Assert.False(File.Exists(source));
    }

    [Fact]
    public void FlushingAMissingDirectoryFailsLoudly()
    {
        // The directory is really opened and synced (the service and CLI run on Linux); a failure must surface.
        Assert.Throws<IOException>(() => DurableDirectory.Flush(Path.Combine(_folder, "missing")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
