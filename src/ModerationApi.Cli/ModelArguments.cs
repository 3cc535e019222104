using ModerationApi.Engine.Classifier;

namespace ModerationApi.Cli;

/// <summary>
/// The <c>--rules</c>, <c>--heads</c>, <c>--no-model</c>, <c>--pooling</c>, <c>--adapter</c> and <c>--precision</c> options shared by the
/// commands that use the model.
/// </summary>
internal static class ModelArguments
{
    public const string FlagNoModel = "no-model";

    /// <summary>The <c>--pooling</c> values, in <see cref="EmbeddingPoolingMode"/> order.</summary>
    public const string PoolingMean = "mean";

    public const string PoolingMeanMax = "mean-max";

    /// <summary>The encoder pooling named by <c>--pooling mean|mean-max</c> (default mean, the model's own).</summary>
    public static EmbeddingPoolingMode Pooling(Arguments a) => a.Optional("pooling", PoolingMean) switch
    {
        PoolingMean => EmbeddingPoolingMode.Mean,
        PoolingMeanMax => EmbeddingPoolingMode.MeanMax,
        var other => throw new ArgumentException($"option '--pooling' must be '{PoolingMean}' or '{PoolingMeanMax}', got '{other}'"),
    };

    /// <summary>The <c>--pooling</c> value of a mode, as recorded in training summaries.</summary>
    public static string PoolingName(EmbeddingPoolingMode mode) => mode == EmbeddingPoolingMode.MeanMax ? PoolingMeanMax : PoolingMean;

    /// <summary>The <c>--adapter</c> value that runs the base model without the fine-tuning adapter.</summary>
    public const string NoAdapter = "none";

    /// <summary>
    /// Encoder settings: <c>--adapter &lt;file&gt;</c> merges that adapter, <c>--adapter none</c> runs the base model, and
    /// without the option the committed adapter is merged, as in the service; <paramref name="precision"/>, or else
    /// <c>--precision fp32|int8</c>, picks the encoder's arithmetic, by default the one <paramref name="headsPath"/> were
    /// trained on (fp32 without heads).
    /// </summary>
    public static EncoderOptions Encoder(
        Arguments a, EmbeddingPoolingMode pooling = EmbeddingPoolingMode.Mean, string? headsPath = null, EncoderPrecision? precision = null)
    {
        var chosen = precision ?? Precision(a, headsPath);
        return a.Optional("adapter") switch
        {
            null => new EncoderOptions { Pooling = pooling, Precision = chosen },
            NoAdapter => new EncoderOptions { Pooling = pooling, Precision = chosen, UseAdapter = false },
            var path => new EncoderOptions { Pooling = pooling, Precision = chosen, AdapterPath = Path.GetFullPath(path) },
        };
    }

    /// <summary>
    /// The encoder precision named by <c>--precision fp32|int8</c>; without it, the precision the heads at
    /// <paramref name="headsPath"/> record (see <see cref="HeadPrecision"/>), or fp32 when there are none.
    /// </summary>
    public static EncoderPrecision Precision(Arguments a, string? headsPath = null)
    {
        switch (a.Optional("precision"))
        {
            case { } value:
                return ParsePrecision(value, "precision");
            default:
                if (headsPath is null || !File.Exists(headsPath))
                {
                    return EncoderPrecision.Fp32;
                }

                using (var heads = HeadModel.Load(headsPath))
                {
                    return HeadPrecision.Of(heads);
                }
        }
    }

    /// <summary>The precision named <c>fp32</c> or <c>int8</c> by the option <paramref name="option"/>.</summary>
    public static EncoderPrecision ParsePrecision(string value, string option) => value switch
    {
        "fp32" => EncoderPrecision.Fp32,
        "int8" => EncoderPrecision.Int8,
        _ => throw new ArgumentException($"option '--{option}' must be 'fp32' or 'int8', got '{value}'"),
    };

    public static string RulesPath(Arguments a) => a.Optional("rules", Path.Combine(AppContext.BaseDirectory, "models", "rules"));

    /// <summary>The heads to load, or null for rules only.</summary>
    public static string? HeadsPath(Arguments a)
    {
        if (a.Flag(FlagNoModel))
        {
            return a.Has("heads") ? throw new ArgumentException("--heads and --no-model exclude each other") : null;
        }

        var heads = Path.GetFullPath(a.Optional("heads", Path.Combine(AppContext.BaseDirectory, "models", "heads", "heads.onnx")));
        return File.Exists(heads) ? heads : throw new FileNotFoundException($"heads not found: {heads} (pass --heads, or --no-model for rules only)");
    }
}
