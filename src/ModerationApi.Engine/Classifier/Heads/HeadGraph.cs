namespace ModerationApi.Engine.Classifier;

/// <summary>The names of the heads graph's input and output, which the training writer gives them and <see cref="HeadModel"/> reads.</summary>
internal static class HeadGraph
{
    /// <summary>Name of the graph input, float[batch, D].</summary>
    public const string InputName = "embedding";

    /// <summary>Name of the graph output, float[batch, L].</summary>
    public const string OutputName = "scores";
}
