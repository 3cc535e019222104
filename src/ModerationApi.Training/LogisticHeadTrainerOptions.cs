namespace ModerationApi.Training;

/// <summary>Hyper-parameters of <see cref="LogisticHeadTrainer"/>. The defaults suit L2-normalised MiniLM embeddings.</summary>
public sealed record LogisticHeadTrainerOptions
{
    /// <summary>L2 penalty on the weights (not the bias), added to the mean weighted log-loss as λ/2·‖w‖².</summary>
    public double L2Strength { get; init; } = 1e-4;

    /// <summary>Peak Adam step size; it is annealed to zero over the run by a cosine schedule.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Samples per mini-batch.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>
    /// When true, each label's positives are up-weighted so their total weight equals the total weight of its
    /// negatives; the trained scores are then not dragged down by how rare the label is in the training mix.
    /// </summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>Seeds the shuffling; the same samples, options and seed give bit-identical weights on one platform.</summary>
    public int Seed { get; init; } = 20_251_127;
}
