using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModerationApi.Engine.Classifier;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Classifier;

/// <summary>
/// The committed encoder adapter against what its training run recorded: the fixture file holds, for the project's own
/// fixture posts, the token ids and the embeddings that the PyTorch port computed at training time with the base model
/// and with the adapter merged (models/training/finetune_encoder.py). Nothing here comes from the C# code's own output.
/// </summary>
[Collection(MiniLmCollection.Name)]
public sealed class EncoderAdapterTests(MiniLmEncoderFixture fixture)
{
    private const int D = MiniLmEncoder.Dimension;
    private const double Tolerance = 1e-4;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static readonly Lazy<Fixtures> Recorded = new(() =>
        JsonSerializer.Deserialize<Fixtures>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "encoder-adapter-fixtures.json")), Json)!);

    [Fact]
    public void CommittedAdapterIsTheOneTheFixturesWereRecordedWith()
    {
        byte[] adapter = File.ReadAllBytes(EncoderAdapter.DefaultPath);
        Assert.Equal(Recorded.Value.AdapterSha256, Convert.ToHexStringLower(SHA256.HashData(adapter)));
        Assert.True(adapter.Length <= 8_000_000, $"the adapter is {adapter.Length} bytes; at most 8 MB may be committed");
    }

    [Fact]
    public void MergedModelReproducesTheEmbeddingsRecordedAtTrainingTime()
    {
        using MiniLmEncoder merged = new(new EncoderOptions { IntraOpThreads = 1 });
        AssertEmbeddings(merged, p => p.Merged);
    }

    [Fact]
    public void BaseModelReproducesThePyTorchPortsEmbeddings()
    {
        // The same check without the adapter: the port the adapter was trained in computes what ONNX Runtime computes.
        AssertEmbeddings(fixture.Encoder, p => p.Base);
    }

    [Fact]
    public void MergingChangesTheEmbeddings()
    {
        // Guards the check above against an adapter that changes nothing: the recorded merged and base embeddings differ.
        double largest = Recorded.Value.Posts.Max(p => p.Merged.Zip(p.Base, (m, b) => Math.Abs(m - b)).Max());
        Assert.True(largest > 100 * Tolerance, $"merged and base embeddings differ by at most {largest}");
    }

    [Fact]
    public void ModelVersionNamesTheBaseModelAndTheAdapter()
    {
        using MiniLmEncoder merged = new(new EncoderOptions { IntraOpThreads = 1 });
        string adapter = "adapter-" + Recorded.Value.AdapterSha256[..12];
        Assert.Equal("all-MiniLM-L6-v2@4a64cee3d413+" + adapter, merged.ModelVersion);
        Assert.Equal(adapter, merged.AdapterVersion);
        Assert.Null(fixture.Encoder.AdapterVersion);
    }

    [Fact]
    public void MissingAdapterRefusesToLoadAndNamesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "adapter.bin");
        FileNotFoundException error = Assert.Throws<FileNotFoundException>(
            () => new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 1, AdapterPath = path }));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flipped payload byte", "checksum")]
    [InlineData("truncated", "checksum")]
    [InlineData("wrong magic", "magic")]
    public void CorruptAdapterRefusesToLoadWithTheReason(string damage, string reason)
    {
        byte[] bytes = File.ReadAllBytes(EncoderAdapter.DefaultPath);
        byte[] damaged = damage switch
        {
            "flipped payload byte" => Flip(bytes, bytes.Length / 2),
            "truncated" => bytes[..(bytes.Length - 1000)],
            _ => Flip(bytes, 0),
        };
        string path = WriteTemp(damaged);
        try
        {
            InvalidDataException error = Assert.Throws<InvalidDataException>(
                () => new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 1, AdapterPath = path }));
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
            Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("encoder.layer.5.output.LayerNorm.bias", 385, "shape [385]")]
    [InlineData("encoder.layer.9.output.LayerNorm.bias", 384, "no such initializer")]
    public void AdapterThatDoesNotFitTheModelRefusesToLoad(string tensor, int length, string reason)
    {
        // A well-formed adapter (valid checksum) naming a tensor the model does not have, or with another shape.
        string path = WriteTemp(Adapter(tensor, length));
        try
        {
            InvalidDataException error = Assert.Throws<InvalidDataException>(
                () => new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 1, AdapterPath = path }));
            Assert.Contains(tensor, error.Message, StringComparison.Ordinal);
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("lora")]
    [InlineData("delta8")]
    public void CompactAdapterMergesAsTheDenseDeltaItStandsFor(string kind)
    {
        // Layer 5's feed-forward output weight ("1004", [1536, 384]) gains ±0.125 on input row 3, stored densely as fp16
        // and compactly: as LoRA factors A = 0.5 at row 3 and B = ±0.25, or as int8 values with a scale per column
        // (format 2). Every value is exact in fp16 and fp32. The signs alternate because the LayerNorm that
        // follows would cancel a change that is the same for every output.
        const string Weight = "1004";
        float[] delta = new float[1536 * 384];
        for (int j = 0; j < 384; j++)
        {
            delta[(3 * 384) + j] = j % 2 == 0 ? 0.125f : -0.125f;
        }

        byte[] compact;
        if (kind == "lora")
        {
            float[] a = new float[1536];
            a[3] = 0.5f;
            float[] b = [.. Enumerable.Range(0, 384).Select(j => j % 2 == 0 ? 0.25f : -0.25f)];
            compact = Adapter(Weight, "lora", [1536, 384], 1, [.. a, .. b]);
        }
        else
        {
            // A different scale per column (0.0625 or 0.125, values ±2 or ±1), so reading another column's scale shows.
            float[] scales = [.. Enumerable.Range(0, 384).Select(j => j % 3 == 0 ? 0.125f : 0.0625f)];
            sbyte[] quantized = [.. delta.Select((d, i) => (sbyte)(d / scales[i % 384]))];
            compact = Adapter(Weight, "delta8", [1536, 384], 0, quantized.Length, Int8Payload(scales, quantized), version: 2);
        }

        string compactPath = WriteTemp(compact);
        string dense = WriteTemp(Adapter(Weight, "delta", [1536, 384], 0, delta));
        try
        {
            using MiniLmEncoder viaCompact = new(new EncoderOptions { IntraOpThreads = 1, AdapterPath = compactPath });
            using MiniLmEncoder viaDelta = new(new EncoderOptions { IntraOpThreads = 1, AdapterPath = dense });
            string[] posts = [.. Recorded.Value.Posts.Select(p => p.Text)];
            float[] x = new float[posts.Length * D];
            float[] y = new float[posts.Length * D];
            float[] z = new float[posts.Length * D];
            viaCompact.EmbedBatch(posts, x);
            viaDelta.EmbedBatch(posts, y);
            fixture.Encoder.EmbedBatch(posts, z);
            Assert.True(x.Zip(y, (p, q) => Math.Abs(p - q)).Max() <= 1e-6, $"the {kind} and dense merges differ");
            Assert.True(x.Zip(z, (p, q) => Math.Abs(p - q)).Max() > 1e-3, "the merge did not change the model");
        }
        finally
        {
            File.Delete(compactPath);
            File.Delete(dense);
        }
    }

    [Fact]
    public void ServiceRefusesToStartWithACorruptAdapter()
    {
        string path = WriteTemp(Flip(File.ReadAllBytes(EncoderAdapter.DefaultPath), 100));
        try
        {
            OptionsValidationException error = StartupFailure.Of<OptionsValidationException>(() => new ModerationApiFactory()
                .With("Classifier:Enabled", "true")
                .With("Classifier:AdapterPath", path));
            Assert.Contains("Classifier:AdapterPath", error.Message, StringComparison.Ordinal);
            Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ServiceRefusesToStartWithoutItsAdapter()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-adapter-" + Guid.NewGuid().ToString("N") + ".bin");
        OptionsValidationException error = StartupFailure.Of<OptionsValidationException>(() => new ModerationApiFactory()
            .With("Classifier:Enabled", "true")
            .With("Classifier:AdapterPath", path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    private static void AssertEmbeddings(MiniLmEncoder encoder, Func<FixturePost, float[]> expected)
    {
        IReadOnlyList<FixturePost> posts = Recorded.Value.Posts;
        Assert.True(posts.Count >= 8, "the fixture file should hold the training run's fixture posts");
        float[] actual = new float[posts.Count * D];
        encoder.EmbedBatch(posts.Select(p => p.Text).ToList(), actual);
        int[] ids = new int[encoder.MaxTokens];
        for (int i = 0; i < posts.Count; i++)
        {
            // Same token ids first, so a difference below is the model's, not the tokenizer's.
            int n = encoder.Tokenize(posts[i].Text, ids);
            Assert.Equal(posts[i].TokenIds, ids[..n]);
            float[] want = expected(posts[i]);
            Assert.Equal(D, want.Length);
            for (int d = 0; d < D; d++)
            {
                Assert.True(
                    Math.Abs(actual[(i * D) + d] - want[d]) <= Tolerance,
                    $"post {i} dimension {d}: {actual[(i * D) + d]} vs recorded {want[d]}");
            }
        }
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[index] ^= 0x5A;
        return copy;
    }

    private static string WriteTemp(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), "adapter-test-" + Guid.NewGuid().ToString("N") + ".bin");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>An adapter in the documented layout with one fp16 delta of zeros.</summary>
    private static byte[] Adapter(string tensor, int length) => Adapter(tensor, "delta", [length], 0, new float[length]);

    /// <summary>An adapter in the documented layout (models/training/adapter_format.py) with one fp16 tensor.</summary>
    private static byte[] Adapter(string tensor, string kind, int[] shape, int rank, float[] values) =>
        Adapter(tensor, kind, shape, rank, values.Length, [.. values.SelectMany(v => BitConverter.GetBytes((Half)v))], version: 1);

    /// <summary>An adapter in the documented layout with one tensor whose payload bytes are given.</summary>
    private static byte[] Adapter(string tensor, string kind, int[] shape, int rank, int count, byte[] payload, int version)
    {
        string header = JsonSerializer.Serialize(new
        {
            baseModelSha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2",
            tensors = new[] { new { name = tensor, kind, shape, rank, offset = 0, count } },
        });
        byte[] json = Encoding.UTF8.GetBytes(header);
        using MemoryStream body = new();
        body.Write("MLMADAPT"u8);
        body.Write(BitConverter.GetBytes(version));
        body.Write(BitConverter.GetBytes(json.Length));
        body.Write(json);
        body.Write(payload);
        byte[] bytes = body.ToArray();
        return [.. bytes, .. SHA256.HashData(bytes)];
    }

    /// <summary>A <c>delta8</c> payload: the fp32 column scales, then the int8 values.</summary>
    private static byte[] Int8Payload(float[] scales, sbyte[] values) =>
        [.. scales.SelectMany(BitConverter.GetBytes), .. values.Select(v => unchecked((byte)v))];

    private sealed record Fixtures(string AdapterSha256, IReadOnlyList<FixturePost> Posts);

    private sealed record FixturePost(string Text, int[] TokenIds, float[] Base, float[] Merged);
}
