using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Pipeline;

/// <summary>The model stage: scores many posts at once, because the encoder is only fast in batches.</summary>
public interface ITextClassifier
{
    /// <summary>Identifies encoder and heads; part of every cache key.</summary>
    string Version { get; }

    /// <summary>Scores canonical-view texts; results are in input order and windows in each text's coordinates.</summary>
    ValueTask<IReadOnlyList<ModelScores>> ClassifyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);

    /// <summary>
    /// The same, with the model work of each text already counted by the caller (for admission); classifiers that do
    /// not queue by cost ignore it.
    /// </summary>
    ValueTask<IReadOnlyList<ModelScores>> ClassifyAsync(IReadOnlyList<string> texts, IReadOnlyList<int>? costs, CancellationToken cancellationToken) =>
        ClassifyAsync(texts, cancellationToken);
}
