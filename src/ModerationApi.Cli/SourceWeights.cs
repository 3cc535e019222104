namespace ModerationApi.Cli;

/// <summary>
/// How much some positive sources count per training window (corpus positives and negatives count 1).
/// </summary>
/// <param name="ProIsisAccount">Tweets labelled by account, not by tweet: many are news relays, chat or religious quotes.</param>
/// <param name="ForumHate">Stormfront sentences annotated as hate: hateful, not always propaganda.</param>
/// <param name="MiwsQuote">
/// MIWS research quotes: the cleanest stance examples but a few hundred windows among thousands of positives, so
/// counting them more was tried (models/README.md, "What was tried").
/// </param>
/// <param name="RelabelledHate">
/// Stormfront hate sentences that a second reading found hateful but not propaganda: 0 leaves them out, a positive
/// weight makes them propaganda negatives (models/README.md says which was chosen and why).
/// </param>
/// <param name="ProIsisNotPropaganda">
/// Tweets of pro-ISIS accounts that a reading by tweet found not to be propaganda (chat, news relays, religious
/// reminders): 0 leaves them out, a positive weight makes them propaganda negatives.
/// </param>
internal sealed record SourceWeights(float ProIsisAccount, float ForumHate, float MiwsQuote, float RelabelledHate = 0f, float ProIsisNotPropaganda = 0f)
{
    /// <summary>The weights of the shipped heads (see models/README.md for how they were chosen).</summary>
    public static SourceWeights Default { get; } = new(0.25f, 0.5f, 1f);
}
