namespace ModerationApi.Cli.Arabic;

/// <summary>Hyperparameters of the Arabic model (defaults are the shipped ones, chosen by cross-validation on train).</summary>
internal sealed record ArabicTrainingSettings
{
    public int HashBits { get; init; } = 19;

    public int Epochs { get; init; } = 15;

    public float LearningRate { get; init; } = 0.2f;

    public float L2 { get; init; } = 1e-6f;

    /// <summary>Weight of one Arabic everyday tweet as a negative (the ISIS set's own negatives weigh 1).</summary>
    public float EverydayWeight { get; init; } = 0.5f;

    /// <summary>Weight of one Al Jazeera news tweet as a negative.</summary>
    public float NewsWeight { get; init; } = 1f;

    /// <summary>Weight of one positive row the project wrote.</summary>
    public float CorpusWeight { get; init; } = 2f;

    /// <summary>Weight of one hard negative the project wrote.</summary>
    public float CorpusNegativeWeight { get; init; } = 2f;

    /// <summary>Rows with hashtags are also trained with them stripped, each copy at half weight.</summary>
    public bool HashtagCopies { get; init; } = true;

    /// <summary>Held-out false-positive budget on Arabic everyday tweets and news for the threshold.</summary>
    public double FalsePositiveBudget { get; init; } = 0.005;
}
