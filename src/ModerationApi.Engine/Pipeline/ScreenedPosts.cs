using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// Posts after the rules and the encoder screen, before the model: each post's rule signals, whether the screen cleared
/// it, and the texts left for the model, in post order (what admission counts).
/// </summary>
internal sealed class ScreenedPosts
{
    internal ScreenedPosts(IReadOnlyList<PreparedPost> posts, List<RuleSignal>[] signals, bool[] cleared, List<string> modelTexts)
    {
        Posts = posts;
        Signals = signals;
        Cleared = cleared;
        ModelTexts = modelTexts;
    }

    /// <summary>The posts, in order.</summary>
    public IReadOnlyList<PreparedPost> Posts { get; }

    /// <summary>Each post's rule signals (evaluated once, used again by the policy).</summary>
    public IReadOnlyList<List<RuleSignal>> Signals { get; }

    /// <summary>Per post, true when the screen cleared it: it skips the encoder.</summary>
    public IReadOnlyList<bool> Cleared { get; }

    /// <summary>The canonical texts of the posts the model must score, in post order; empty without a model.</summary>
    public IReadOnlyList<string> ModelTexts { get; }
}
