namespace ModerationApi.Engine.Classifier;

/// <summary>
/// Which encoder precision a head model was trained on, recorded in its metadata, and the check that the heads fit the
/// encoder: int8 embeddings are close to fp32 ones (cosine about 0.99) but not equal, and a head's threshold sits at a
/// 0.5 % false-positive rate where small shifts matter, so heads only serve the precision they were calibrated on.
/// </summary>
public static class HeadPrecision
{
    /// <summary>The metadata entry; heads without it (every head written before int8 existed) are fp32 heads.</summary>
    public const string MetadataKey = "encoder_precision";

    /// <summary>The metadata value of a precision: <c>fp32</c> or <c>int8</c>.</summary>
    public static string Name(EncoderPrecision precision) => precision switch
    {
        EncoderPrecision.Fp32 => "fp32",
        EncoderPrecision.Int8 => "int8",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown encoder precision."),
    };

    /// <summary>The precision <paramref name="heads"/> were trained on.</summary>
    /// <exception cref="InvalidDataException">The metadata names a precision this service does not know.</exception>
    public static EncoderPrecision Of(HeadModel heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        if (!heads.Metadata.TryGetValue(MetadataKey, out string? value))
        {
            return EncoderPrecision.Fp32;
        }

        return value switch
        {
            "fp32" => EncoderPrecision.Fp32,
            "int8" => EncoderPrecision.Int8,
            _ => throw new InvalidDataException($"The heads '{heads.Version}' name encoder precision '{value}', which this service does not know."),
        };
    }

    /// <summary>Throws unless <paramref name="heads"/> were trained on an encoder of <paramref name="encoderPrecision"/>.</summary>
    /// <exception cref="InvalidDataException">The heads were trained on the other precision.</exception>
    public static void EnsureMatches(HeadModel heads, EncoderPrecision encoderPrecision, string encoderVersion)
    {
        EncoderPrecision trained = Of(heads);
        if (trained != encoderPrecision)
        {
            throw new InvalidDataException(
                $"The heads '{heads.Version}' were trained on the {Name(trained)} encoder, but the encoder '{encoderVersion}' runs in "
                + $"{Name(encoderPrecision)}. Refusing to start with heads calibrated on other embeddings: set Classifier:Precision "
                + $"to {Name(trained)}, or point Classifier:HeadsPath at heads trained with '--precision {Name(encoderPrecision)}'.");
        }
    }
}
