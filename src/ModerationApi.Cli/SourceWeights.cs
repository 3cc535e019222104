namespace ModerationApi.Cli;

/// <summary>How much the noisy positive sources count per training window (clean positives and negatives count 1).</summary>
/// <param name="ProIsisAccount">Tweets labelled by account, not by tweet: many are news relays, chat or religious quotes.</param>
/// <param name="ForumHate">Stormfront sentences annotated as hate: hateful, not always propaganda.</param>
internal sealed record SourceWeights(float ProIsisAccount, float ForumHate)
{
    /// <summary>The weights of the shipped heads (see models/README.md for how they were chosen).</summary>
    public static SourceWeights Default { get; } = new(0.25f, 0.5f);
}
