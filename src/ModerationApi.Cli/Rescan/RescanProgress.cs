using System.Diagnostics;
using System.Globalization;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Cli.Rescan;

/// <summary>
/// The progress line on stderr: posts so far, posts per second in this run, counts per action, errors, and the share of
/// the input read with an ETA (bytes read against the file length, so it holds for any archive size). On a terminal
/// the line is redrawn a few times a second; when stderr is a file or a pipe a full line is written every few seconds.
/// </summary>
internal sealed class RescanProgress(RescanTally tally, long inputLength, long startOffset, TextWriter writer, bool interactive)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long _startPosts = tally.Posts;
    private readonly TimeSpan _interval = interactive ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);
    private TimeSpan _next;
    private int _width;

    /// <summary>Posts done in this run (not counting those done before a resume).</summary>
    public long SessionPosts => tally.Posts - _startPosts;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Shows the line if it is due, or always when <paramref name="force"/> is set.</summary>
    public void Report(long offset, bool force = false)
    {
        if (!force && _clock.Elapsed < _next)
        {
            return;
        }

        _next = _clock.Elapsed + _interval;
        var line = Line(offset);
        if (interactive)
        {
            writer.Write("\r" + line.PadRight(_width));
            _width = line.Length;
        }
        else
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>Ends the redrawn line so what follows starts on its own.</summary>
    public void Finish()
    {
        if (interactive && _width > 0)
        {
            writer.WriteLine();
        }
    }

    public string Line(long offset)
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? SessionPosts / seconds : 0;
        var done = inputLength > 0 ? (double)offset / inputLength : 1;
        var bytesThisRun = offset - startOffset;
        var eta = bytesThisRun > 0 && seconds > 0 ? Clock(seconds * (inputLength - offset) / bytesThisRun) : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"{tally.Posts:N0} posts  {rate:N0}/s  allow {tally.Count(ModerationAction.Allow):N0}  review {tally.Count(ModerationAction.Review):N0}  block {tally.Count(ModerationAction.Block):N0}  errors {tally.Errors:N0}  {done * 100:0.0}%  ETA {eta}");
    }

    private static string Clock(double seconds)
    {
        var whole = (long)Math.Min(seconds, 1e9);
        return string.Create(CultureInfo.InvariantCulture, $"{whole / 3600}:{whole / 60 % 60:00}:{whole % 60:00}");
    }
}
