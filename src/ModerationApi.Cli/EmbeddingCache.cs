using System.Security.Cryptography;
using System.Text;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Cli;

/// <summary>
/// Embeddings by SHA-256 of the window text, optionally kept in a local file so retraining and re-evaluating do not
/// re-run the encoder. The file holds hashes and vectors, no text; it is a scratch file, never committed.
/// </summary>
/// <remarks>
/// Vectors are as wide as the encoder's <see cref="MiniLmEncoder.EmbeddingDimension"/>; a file written with another
/// pooling does not come out even at that width and is refused on load.
/// </remarks>
internal sealed class EmbeddingCache(MiniLmEncoder encoder, string? path)
{
    private readonly int _width = encoder.EmbeddingDimension;

    // The encoder's version (base model, adapter) is part of every key, so vectors of another encoder are never reused.
    private readonly string _version = encoder.ModelVersion;
    private readonly Dictionary<string, float[]> _vectors = Load(path, encoder.EmbeddingDimension);

    public int Computed { get; private set; }

    public float[][] Embed(IReadOnlyList<string> texts, Action<int, int>? progress = null)
    {
        var result = new float[texts.Count][];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (_vectors.TryGetValue(Key(_version, texts[i]), out var v))
            {
                result[i] = v;
            }
            else
            {
                missing.Add(i);
            }
        }

        const int chunk = 512;
        for (var start = 0; start < missing.Count; start += chunk)
        {
            var slice = missing.Skip(start).Take(chunk).ToList();
            var batch = slice.ConvertAll(i => texts[i]);
            var buffer = new float[batch.Count * _width];
            encoder.EmbedBatch(batch, buffer);
            for (var j = 0; j < slice.Count; j++)
            {
                var vector = buffer.AsSpan(j * _width, _width).ToArray();
                result[slice[j]] = vector;
                _vectors[Key(_version, texts[slice[j]])] = vector;
            }

            Computed += slice.Count;
            progress?.Invoke(Math.Min(start + chunk, missing.Count), missing.Count);
        }

        return result;
    }

    /// <summary>Fills <paramref name="destination"/> row by row, the way <see cref="MiniLmEncoder.EmbedBatch"/> does.</summary>
    public void EmbedInto(IReadOnlyList<string> texts, float[] destination)
    {
        var vectors = Embed(texts);
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i].CopyTo(destination, i * _width);
        }
    }

    public void Save()
    {
        // Nothing new: leave the file alone, so parallel runs sharing a cache only ever read it. Otherwise write a
        // temporary file and rename it over the old one, so a reader never sees half a file.
        if (path is null || Computed == 0)
        {
            return;
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(_vectors.Count);
            foreach (var (key, vector) in _vectors)
            {
                writer.Write(key);
                foreach (var f in vector)
                {
                    writer.Write(f);
                }
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static Dictionary<string, float[]> Load(string? path, int width)
    {
        var map = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (path is null || !File.Exists(path))
        {
            return map;
        }

        var wrongWidth = $"embedding cache {path} does not hold {width}-float vectors (written with another --pooling?); use another --cache file";
        using var reader = new BinaryReader(File.OpenRead(path));
        try
        {
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                var vector = new float[width];
                for (var j = 0; j < vector.Length; j++)
                {
                    vector[j] = reader.ReadSingle();
                }

                map[key] = vector;
            }
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException)
        {
            throw new InvalidDataException(wrongWidth, e);
        }

        return reader.BaseStream.Position == reader.BaseStream.Length ? map : throw new InvalidDataException(wrongWidth);
    }

    private static string Key(string version, string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(version + "\n" + text)));
}
