namespace ModerationApi.Engine.Classifier;

/// <summary>The one place the encoder and heads are loaded from <see cref="ClassifierOptions"/>.</summary>
public static class ModelLoader
{
    /// <summary>Loads the encoder and the heads; the classifier owns (and disposes) both.</summary>
    /// <returns>The classifier, or null when <see cref="ClassifierOptions.Enabled"/> is false (rules only).</returns>
    public static OnnxTextClassifier? Load(ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return null;
        }

        var encoder = new MiniLmEncoder(new EncoderOptions
        {
            IntraOpThreads = options.IntraOpThreads,
            MaxBatchSize = options.EncoderBatchSize,
            AllowSpinning = options.AllowSpinning,
        });
        HeadModel? heads = null;
        try
        {
            heads = HeadModel.Load(options.ResolvedHeadsPath);
            return new OnnxTextClassifier(encoder, heads, ownsModels: true);
        }
        catch
        {
            heads?.Dispose();
            encoder.Dispose();
            throw;
        }
    }
}
