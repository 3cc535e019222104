namespace ModerationApi.Engine.Classifier;

/// <summary>Keys of the ONNX <c>metadata_props</c> the writer sets and <see cref="HeadModel"/> reads.</summary>
internal static class HeadMetadataKeys
{
    /// <summary>Label names, comma-separated, in output column order.</summary>
    public const string Labels = "labels";

    /// <summary>Caller-chosen model version string.</summary>
    public const string Version = "version";

    /// <summary>JSON object mapping each label to its decision threshold.</summary>
    public const string Thresholds = "thresholds";

    /// <summary>Embedding width, also visible in the input shape; kept here for tools that only read metadata.</summary>
    public const string EmbeddingDimension = "embedding_dim";

    /// <summary>The scoring rule, so a reader of the file alone knows what the columns mean.</summary>
    public const string Formula = "formula";

    public static bool IsReserved(string key) =>
        key is Labels or Version or Thresholds or EmbeddingDimension or Formula;
}
