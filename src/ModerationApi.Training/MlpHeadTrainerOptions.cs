namespace ModerationApi.Training;

/// <summary>Hyper-parameters of <see cref="MlpHeadTrainer"/>. The defaults suit L2-normalised MiniLM embeddings.</summary>
public sealed record MlpHeadTrainerOptions
{
    /// <summary>Hidden ReLU units per label.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>L2 penalty on the weights of both layers (not the biases), added to the mean weighted log-loss as λ/2·‖w‖².</summary>
    public double L2Strength { get; init; } = 1e-4;

    /// <summary>Peak Adam step size; it is annealed to zero over the run by a cosine schedule.</summary>
    public double LearningRate { get; init; } = 0.003;

    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Samples per mini-batch.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>
    /// When true, each label's positives are up-weighted so their total weight equals the total weight of its
    /// negatives, as in <see cref="LogisticHeadTrainerOptions.BalanceClasses"/>.
    /// </summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>Seeds the initial weights and the shuffling; the same samples, options and seed give bit-identical weights on one platform.</summary>
    public int Seed { get; init; } = 20_251_127;
}
