using ModerationApi.Engine.Classifier.Arabic;
using ModerationApi.Engine.Classifier.Hashed;
using ModerationApi.Engine.Pipeline;

namespace ModerationApi.Engine.Classifier;

/// <summary>The one place the models are loaded from <see cref="ClassifierOptions"/> and routed by language.</summary>
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
            UseAdapter = options.UseAdapter,
            AdapterPath = options.ResolvedAdapterPath,
            Precision = options.Precision,
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

    /// <summary>The Arabic model, or null when its file is missing (the service refuses to start without it).</summary>
    public static ArabicTextClassifier? LoadArabic(ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Enabled && File.Exists(options.ResolvedArabicModelPath) ? new ArabicTextClassifier(HashedNgramModel.Load(HashedModelFormat.Arabic, options.ResolvedArabicModelPath)) : null;
    }

    /// <summary>English views to the English model, Arabic views to the Arabic model.</summary>
    public static ITextClassifier Route(OnnxTextClassifier english, ArabicTextClassifier? arabic) => new LanguageRoutingClassifier(english, arabic);
}
