namespace ModerationApi.Engine.Classifier;

/// <summary>How <see cref="Int8Quantizer"/> quantises the encoder's weight matrices.</summary>
internal sealed record Int8QuantizerSettings
{
    /// <summary>The settings the service uses (chosen by the measurements in <c>benchmarks/RESULTS.md</c>).</summary>
    public static Int8QuantizerSettings Shipped { get; } = new();

    /// <summary>One scale per output column (default) rather than one per matrix.</summary>
    public bool PerColumn { get; init; } = true;

    /// <summary>
    /// Bits per weight, sign included. 7 by default: the AVX2 uint8 × int8 kernel sums pairs of products in 16 bits,
    /// which full 8-bit weights can overflow.
    /// </summary>
    public int WeightBits { get; init; } = 7;

    /// <summary>Products left in fp32, by MatMul node name or weight initializer name (exact).</summary>
    public IReadOnlyList<string> KeepFp32 { get; init; } = [];

    /// <summary>Whether the product <paramref name="nodeName"/> over <paramref name="weightName"/> stays fp32.</summary>
    public bool Excludes(string nodeName, string weightName) =>
        KeepFp32.Contains(nodeName, StringComparer.Ordinal) || KeepFp32.Contains(weightName, StringComparer.Ordinal);

    /// <summary>A short description for the model version and logs, for example <c>col7</c> or <c>tensor8</c>.</summary>
    public string Describe() =>
        (PerColumn ? "col" : "tensor") + WeightBits.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (KeepFp32.Count == 0 ? string.Empty : "-keep" + KeepFp32.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
