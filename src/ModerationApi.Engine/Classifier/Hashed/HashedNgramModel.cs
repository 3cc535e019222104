using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ModerationApi.Engine.Classifier.Hashed;

/// <summary>
/// Per label, a logistic model over hashed word and character n-grams of folded text (<see cref="HashedNgramFeatures"/>),
/// weights stored as half-precision floats: the Arabic model and the encoder screen. Scoring a window hashes it into a
/// pooled buffer and sums weights: no allocation per n-gram, and microseconds per window.
/// </summary>
/// <remarks>
/// File layout (little-endian): the format's magic (<see cref="HashedModelFormat"/>), format version 1, the number of
/// hash bits, the label count, then per label its name (length-prefixed UTF-8), threshold and bias (float32), then
/// every label's weights, one row of 2^bits float16 per label. The version is a hash of the file's bytes.
/// </remarks>
internal sealed class HashedNgramModel
{
    private const int FormatVersion = 1;

    // Held as float32 (rounded through float16, so a saved and reloaded model scores bit for bit the same): converting
    // half floats per feature at scoring time would cost more than the sums.
    private readonly float[][] _weights;
    private readonly float[] _biases;
    private readonly int _mask;
    private readonly HashedModelFormat _format;

    /// <summary>Builds a model from trained parameters (the trainer's path; the service uses <see cref="Load"/>).</summary>
    /// <param name="format">Which model this is (file magic and version prefix).</param>
    /// <param name="hashBits">Feature buckets are 2^hashBits.</param>
    /// <param name="labels">The labels scored, in order.</param>
    /// <param name="thresholds">Per label, the calibrated probability threshold.</param>
    /// <param name="biases">Per label, the bias.</param>
    /// <param name="weights">Per label, 2^hashBits weights.</param>
    public HashedNgramModel(HashedModelFormat format, int hashBits, IReadOnlyList<string> labels, IReadOnlyList<float> thresholds, IReadOnlyList<float> biases, IReadOnlyList<float[]> weights)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(biases);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(hashBits, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hashBits, 24);
        if (labels.Count == 0 || thresholds.Count != labels.Count || biases.Count != labels.Count || weights.Count != labels.Count)
        {
            throw new ArgumentException("labels, thresholds, biases and weights must have one entry per label.", nameof(labels));
        }

        _format = format;
        HashBits = hashBits;
        _mask = (1 << hashBits) - 1;
        Labels = [.. labels];
        Thresholds = [.. thresholds];
        _biases = [.. biases];
        _weights = new float[labels.Count][];
        for (var l = 0; l < labels.Count; l++)
        {
            if (weights[l].Length != 1 << hashBits)
            {
                throw new ArgumentException($"label {labels[l]} has {weights[l].Length} weights, not 2^{hashBits}.", nameof(weights));
            }

            _weights[l] = new float[weights[l].Length];
            for (var i = 0; i < weights[l].Length; i++)
            {
                _weights[l][i] = (float)(Half)weights[l][i];
            }
        }

        Version = format.VersionPrefix + "-" + Convert.ToHexStringLower(SHA256.HashData(ToBytes()))[..12];
    }

    /// <summary>Feature buckets are 2^HashBits.</summary>
    public int HashBits { get; }

    /// <summary>The labels scored, in order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Per label, the probability at which a window counts as flagged (calibrated on held-out train).</summary>
    public IReadOnlyList<float> Thresholds { get; }

    /// <summary>The format's prefix (<c>arabic-</c>, <c>screen-</c>) and the first 12 hex digits of the SHA-256 of the model file.</summary>
    public string Version { get; }

    /// <summary>Reads a model file written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a model of this format.</exception>
    public static HashedNgramModel Load(HashedModelFormat format, string path)
    {
        ArgumentNullException.ThrowIfNull(format);
        var bytes = File.ReadAllBytes(path);
        try
        {
            return Parse(format, bytes);
        }
        catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"'{path}' is not a valid {format.VersionPrefix} model file: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the model; the same model writes the same bytes.</summary>
    public void Save(string path) => File.WriteAllBytes(path, ToBytes());

    /// <summary>Scores one window: per label, the probability, written to <paramref name="probabilities"/>.</summary>
    /// <param name="text">The window's text (canonical view; folding happens here).</param>
    /// <param name="probabilities">At least <see cref="Labels"/>.Count long.</param>
    /// <param name="stripHashtags">Drop hashtags before scoring (evaluation of the hashtag shortcut).</param>
    public void Score(ReadOnlySpan<char> text, Span<float> probabilities, bool stripHashtags = false)
    {
        var features = ArrayPool<int>.Shared.Rent(HashedNgramFeatures.MaxFeatures(text.Length));
        try
        {
            var n = HashedNgramFeatures.Extract(text, stripHashtags, _mask, features);
            ScoreFeatures(features.AsSpan(0, n), probabilities);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(features);
        }
    }

    /// <summary>Scores already extracted features (the trainer uses this).</summary>
    internal void ScoreFeatures(ReadOnlySpan<int> features, Span<float> probabilities)
    {
        // Each occurrence weighs 1/√n, so a window's feature vector has roughly unit length whatever its size.
        var scale = features.Length == 0 ? 0f : 1f / MathF.Sqrt(features.Length);
        for (var l = 0; l < _weights.Length; l++)
        {
            var w = _weights[l];
            var sum = 0f;
            foreach (var f in features)
            {
                sum += w[f];
            }

            probabilities[l] = Sigmoid(_biases[l] + (scale * sum));
        }
    }

    private static float Sigmoid(float z) => 1f / (1f + MathF.Exp(-z));

    private byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(_format.MagicBytes);
            writer.Write(FormatVersion);
            writer.Write(HashBits);
            writer.Write(Labels.Count);
            for (var l = 0; l < Labels.Count; l++)
            {
                writer.Write(Labels[l]);
                writer.Write(Thresholds[l]);
                writer.Write(_biases[l]);
            }

            foreach (var row in _weights)
            {
                foreach (var w in row)
                {
                    writer.Write((Half)w);
                }
            }
        }

        return stream.ToArray();
    }

    private static HashedNgramModel Parse(HashedModelFormat format, byte[] bytes)
    {
        if (bytes.Length < 16 || !bytes.AsSpan(0, 4).SequenceEqual(format.MagicBytes))
        {
            throw new ArgumentException($"missing the {format.Magic} header");
        }

        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        reader.ReadBytes(4);
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new ArgumentException($"format {version}, expected {FormatVersion}");
        }

        var bits = reader.ReadInt32();
        var labelCount = reader.ReadInt32();
        if (bits is < 8 or > 24 || labelCount is < 1 or > 16)
        {
            throw new ArgumentException($"implausible header ({bits} bits, {labelCount} labels)");
        }

        var labels = new string[labelCount];
        var thresholds = new float[labelCount];
        var biases = new float[labelCount];
        for (var l = 0; l < labelCount; l++)
        {
            labels[l] = reader.ReadString();
            thresholds[l] = reader.ReadSingle();
            biases[l] = reader.ReadSingle();
        }

        var size = 1 << bits;
        var offset = (int)reader.BaseStream.Position;
        if (bytes.Length != offset + (labelCount * size * 2))
        {
            throw new ArgumentException($"expected {labelCount * size * 2} weight bytes, found {bytes.Length - offset}");
        }

        var weights = new float[labelCount][];
        for (var l = 0; l < labelCount; l++)
        {
            weights[l] = new float[size];
            for (var i = 0; i < size; i++)
            {
                weights[l][i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(offset + (((l * size) + i) * 2), 2));
            }
        }

        return new HashedNgramModel(format, bits, labels, thresholds, biases, weights);
    }
}
