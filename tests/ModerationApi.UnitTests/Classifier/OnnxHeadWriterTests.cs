using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModerationApi.Engine.Classifier;
using ModerationApi.Training;

namespace ModerationApi.UnitTests.Classifier;

public sealed class OnnxHeadWriterTests
{
    [Theory]
    [InlineData(1L, new byte[] { 0x01 })]
    [InlineData(127L, new byte[] { 0x7F })]
    [InlineData(300L, new byte[] { 0xAC, 0x02 })] // 300 = 0b10_0101100 → 1_0101100, 0_0000010
    [InlineData(-1L, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void VarintsUseSevenBitGroupsLowestFirst(long value, byte[] expected)
    {
        var writer = new ProtobufWriter();

        writer.WriteVarint(unchecked((ulong)value));

        Assert.Equal(expected, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void ModelStartsWithIrVersionThenProducerName()
    {
        var bytes = OnnxHeadWriter.Write(SmallHeads(), [0.5f, 0.5f], "v1");

        // Field 1 varint (tag 0x08) = 7; field 2 length-delimited (tag 0x12), 13 bytes "ModerationApi".
        byte[] expected = [0x08, 0x07, 0x12, 0x0D, .. Encoding.ASCII.GetBytes("ModerationApi")];
        Assert.Equal(expected, bytes.AsSpan(0, expected.Length).ToArray());
    }

    [Fact]
    public void OnnxRuntimeSeesAFloatBatchByDimensionInputAndABatchByLabelsOutput()
    {
        var bytes = OnnxHeadWriter.Write(SmallHeads(), [0.5f, 0.5f], "v1");

        using var session = new InferenceSession(bytes);

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("embedding", input.Key);
        Assert.Equal(TensorElementType.Float, input.Value.ElementDataType);
        Assert.Equal([-1, 4], input.Value.Dimensions);
        Assert.Equal("batch", input.Value.SymbolicDimensions[0]);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("scores", output.Key);
        Assert.Equal([-1, 2], output.Value.Dimensions);
        Assert.Equal("ModerationApi", session.ModelMetadata.ProducerName);
    }

    [Fact]
    public void SameHeadsAndMetadataGiveTheSameBytes()
    {
        var extras = new Dictionary<string, string> { ["z_note"] = "z", ["encoder"] = "all-MiniLM-L6-v2" };
        var reordered = new Dictionary<string, string> { ["encoder"] = "all-MiniLM-L6-v2", ["z_note"] = "z" };

        Assert.Equal(
            OnnxHeadWriter.Write(SmallHeads(), [0.25f, 0.75f], "v1", extras),
            OnnxHeadWriter.Write(SmallHeads(), [0.25f, 0.75f], "v1", reordered));
    }

    [Fact]
    public void ReservedMetadataKeysCannotBeOverridden()
    {
        var extras = new Dictionary<string, string> { ["labels"] = "x" };

        Assert.Throws<ArgumentException>(() => OnnxHeadWriter.Write(SmallHeads(), [0.5f, 0.5f], "v1", extras));
    }

    [Fact]
    public void OneFiniteThresholdIsRequiredPerLabel()
    {
        Assert.Throws<ArgumentException>(() => OnnxHeadWriter.Write(SmallHeads(), [0.5f], "v1"));
        Assert.Throws<ArgumentException>(() => OnnxHeadWriter.Write(SmallHeads(), [0.5f, float.NaN], "v1"));
    }

    private static LogisticHeads SmallHeads() =>
        new(["extremist_propaganda", "terrorist_financing"], 4, [1, 2, 3, 4, -1, -2, -3, -4], [0.1f, -0.1f]);
}
