using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.UnitTests.Classifier;

/// <summary>The adapter file's validation, on bytes built here in the documented layout (no model, no files).</summary>
public sealed class EncoderAdapterFormatTests
{
    private const string BaseModel = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2";

    [Fact]
    public void WellFormedAdapterIsReadWithItsVersionAndTensors()
    {
        byte[] bytes = Build(Header(Tensor("a", "delta", [4], 0, 4), Tensor("b", "lora", [3, 2], 8, 5, rank: 1)), payloadBytes: 18);

        EncoderAdapter adapter = EncoderAdapter.Parse("x", bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), adapter.Sha256);
        Assert.Equal("adapter-" + adapter.Sha256[..12], adapter.Version);
        Assert.Equal(["a", "b"], adapter.TensorNames);
    }

    [Theory]
    [InlineData("magic")]
    [InlineData("checksum")]
    [InlineData("format version")]
    public void DamagedFileIsRefusedWithTheReason(string damage)
    {
        byte[] bytes = Build(Header(Tensor("a", "delta", [4], 0, 4)), payloadBytes: 8, version: damage == "format version" ? 3 : 1);
        if (damage == "magic")
        {
            bytes[0] = (byte)'X';
        }
        else if (damage == "checksum")
        {
            bytes[20] ^= 1;
        }

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => EncoderAdapter.Parse("x", bytes));
        Assert.Contains(damage, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("delta", new[] { 4 }, 0, 5, 0)]       // count is not the shape's size
    [InlineData("delta", new[] { 4 }, 2, 4, 0)]       // runs past the payload
    [InlineData("delta", new[] { 4 }, 1, 4, 0)]       // odd offset
    [InlineData("lora", new[] { 3, 2 }, 0, 5, 0)]     // LoRA without a rank
    [InlineData("sparse", new[] { 4 }, 0, 4, 0)]      // unknown kind
    [InlineData("delta8", new[] { 2, 2 }, 0, 4, 1)]   // int8 in a version-1 file
    public void TensorThatDoesNotFitItsPayloadIsRefused(string kind, int[] shape, int offset, int count, int rank)
    {
        byte[] bytes = Build(Header(Tensor("a", kind, shape, offset, count, rank)), payloadBytes: 8);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => EncoderAdapter.Parse("x", bytes));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Int8TensorIsReadFromAVersionTwoFile()
    {
        // A [2, 3] delta8 tensor: 3 fp32 column scales (12 bytes) then 6 int8 values, and an fp16 vector after it.
        byte[] bytes = Build(Header(Tensor("w", "delta8", [2, 3], 0, 6), Tensor("b", "delta", [3], 20, 3)), payloadBytes: 26, version: 2);

        Assert.Equal(["w", "b"], EncoderAdapter.Parse("x", bytes).TensorNames);
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, 0, 6, 17)]   // the payload holds the values but not all of the scales
    [InlineData(new[] { 2, 3 }, 2, 6, 24)]   // scales not on a 4-byte boundary
    [InlineData(new[] { 6 }, 0, 6, 24)]      // int8 deltas are matrices only
    [InlineData(new[] { 2, 3 }, 0, 5, 24)]   // count is not the shape's size
    public void Int8TensorThatDoesNotFitItsPayloadIsRefused(int[] shape, int offset, int count, int payloadBytes)
    {
        byte[] bytes = Build(Header(Tensor("a", "delta8", shape, offset, count)), payloadBytes, version: 2);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => EncoderAdapter.Parse("x", bytes));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdapterForAnotherBaseModelIsRefused()
    {
        byte[] bytes = Build(Header([Tensor("a", "delta", [4], 0, 4)], baseModel: new string('0', 64)), payloadBytes: 8);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => EncoderAdapter.Parse("x", bytes));
        Assert.Contains("trained on the model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateTensorIsRefused()
    {
        byte[] bytes = Build(Header(Tensor("a", "delta", [2], 0, 2), Tensor("a", "delta", [2], 4, 2)), payloadBytes: 8);

        Assert.Throws<InvalidDataException>(() => EncoderAdapter.Parse("x", bytes));
    }

    [Fact]
    public void HeaderThatIsNotJsonIsRefused()
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => EncoderAdapter.Parse("x", Build("{not json", payloadBytes: 8)));
        Assert.Contains("header", error.Message, StringComparison.Ordinal);
    }

    private static object Tensor(string name, string kind, int[] shape, int offset, int count, int rank = 0) =>
        new { name, kind, shape, rank, offset, count };

    private static string Header(params object[] tensors) => Header(tensors, BaseModel);

    private static string Header(object[] tensors, string baseModel) =>
        JsonSerializer.Serialize(new { baseModelSha256 = baseModel, tensors });

    private static byte[] Build(string header, int payloadBytes, int version = 1)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        byte[] body = [.. "MLMADAPT"u8, .. BitConverter.GetBytes(version), .. BitConverter.GetBytes(json.Length), .. json, .. new byte[payloadBytes]];
        return [.. body, .. SHA256.HashData(body)];
    }
}
