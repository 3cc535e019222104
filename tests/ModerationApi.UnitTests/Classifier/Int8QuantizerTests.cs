using Microsoft.ML.OnnxRuntime;
using ModerationApi.Engine.Classifier;
using ModerationApi.Training;

namespace ModerationApi.UnitTests.Classifier;

public sealed class Int8QuantizerTests
{
    private const int Dimension = 64;

    [Fact]
    public void EachColumnsLargestWeightMapsToTheLargestSevenBitInteger()
    {
        // Row-major 3 × 2: column 0 is (1.26, -2, 0.5), column 1 is (0.1, 0.25, -0.4).
        float[] weights = [1.26f, 0.1f, -2f, 0.25f, 0.5f, -0.4f];
        var quantized = new sbyte[weights.Length];

        var scales = Int8Quantizer.QuantizeMatrix(weights, columns: 2, perColumn: true, bits: 7, quantized);

        // Scales are max |w| / 63: 1.26 / (2/63) = 39.69 → 40, 0.5 and 0.1 give 15.75 → 16, 0.25 / (0.4/63) = 39.375 → 39.
        Assert.Equal([2f / 63, 0.4f / 63], scales);
        Assert.Equal([40, 16, -63, 39, 16, -63], quantized.Select(q => (int)q));
    }

    [Theory]
    [InlineData(true, 7)]
    [InlineData(true, 8)]
    [InlineData(false, 8)]
    public void DequantisedWeightsAreWithinHalfAStepOfTheOriginals(bool perColumn, int bits)
    {
        const int rows = 48, columns = 40;
        var random = new Random(7);
        // Columns of very different magnitudes, as in real weight matrices.
        var weights = Enumerable.Range(0, rows * columns).Select(i => (float)((random.NextDouble() - 0.5) * (1 + (i % columns)))).ToArray();
        var quantized = new sbyte[weights.Length];

        var scales = Int8Quantizer.QuantizeMatrix(weights, columns, perColumn, bits, quantized);

        Assert.Equal(perColumn ? columns : 1, scales.Length);
        var limit = (1 << (bits - 1)) - 1;
        for (var i = 0; i < weights.Length; i++)
        {
            var scale = scales[perColumn ? i % columns : 0];
            Assert.InRange(quantized[i], -limit, limit);
            Assert.True(Math.Abs((quantized[i] * scale) - weights[i]) <= (scale / 2) + 1e-6, $"element {i}: {weights[i]} came back as {quantized[i] * scale}");
        }
    }

    [Fact]
    public void PerColumnScalesLoseLessOnSmallColumnsThanOneScalePerMatrix()
    {
        // One large column forces a coarse step on the whole matrix; per column, the small one keeps its precision.
        float[] weights = [100f, 0.01f, -50f, 0.02f, 25f, -0.03f];
        var perColumn = new sbyte[6];
        var perTensor = new sbyte[6];

        var columnScales = Int8Quantizer.QuantizeMatrix(weights, 2, perColumn: true, bits: 8, perColumn);
        var tensorScale = Int8Quantizer.QuantizeMatrix(weights, 2, perColumn: false, bits: 8, perTensor);

        Assert.Equal(0, perTensor[1]);
        Assert.Equal(0, perTensor[3]);
        Assert.Equal(-0.03f, perColumn[5] * columnScales[1], 4);
        Assert.Equal(100f / 127, Assert.Single(tensorScale));
    }

    [Fact]
    public void AnAllZeroColumnKeepsScaleOneAndZeros()
    {
        float[] weights = [0f, 1f, 0f, -1f];
        var quantized = new sbyte[4];

        var scales = Int8Quantizer.QuantizeMatrix(weights, 2, perColumn: true, bits: 8, quantized);

        Assert.Equal(1f, scales[0]);
        Assert.Equal([0, 127, 0, -127], quantized.Select(q => (int)q));
    }

    [Fact]
    public void EveryMatMulOverATwoDimensionalWeightIsFoundAndRewritten()
    {
        var model = Heads();

        var found = Assert.Single(Int8Quantizer.FindMatMuls(model));
        Assert.Equal(("head_matmul", "W", (long)Dimension, 2L), (found.NodeName, found.WeightName, found.Rows, found.Columns));

        var quantized = Int8Quantizer.Quantize(model, Int8QuantizerSettings.Shipped);

        Assert.Empty(Int8Quantizer.FindMatMuls(quantized));
        var initializers = OnnxInitializers.Locate(quantized);
        Assert.DoesNotContain("W", initializers.Keys);
        Assert.Equal(Int8Quantizer.Int8Type, initializers["W_quantized"].DataType);
        Assert.Equal([Dimension, 2L], initializers["W_quantized"].Dims);
        Assert.Equal([2L], initializers["W_scale"].Dims);
        Assert.Equal(Int8Quantizer.Int8Type, initializers["W_zero_point"].DataType);
        Assert.Equal(OnnxInitializers.FloatType, initializers["b"].DataType);

        // The bias Add after the product is folded into the quantised node (its bias input "b" is still read).
        Assert.True(Contains(model, "head_add"u8));
        Assert.False(Contains(quantized, "head_add"u8));
    }

    private static bool Contains(byte[] model, ReadOnlySpan<byte> text) => model.AsSpan().IndexOf(text) >= 0;

    [Fact]
    public void TheQuantisedGraphRunsInOnnxRuntimeWithItsMetadataAndScoresCloseToFp32()
    {
        var model = Heads();
        var quantized = Int8Quantizer.Quantize(model, Int8QuantizerSettings.Shipped);
        var random = new Random(3);
        var input = Enumerable.Range(0, 4 * Dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();

        var fp32 = Score(model, input);
        var int8 = Score(quantized, input);

        using var heads = HeadModel.Load(quantized);
        Assert.Equal(["extremist_propaganda", "terrorist_financing"], heads.Labels);
        Assert.Equal(fp32.Length, int8.Length);
        for (var i = 0; i < fp32.Length; i++)
        {
            Assert.InRange(int8[i], fp32[i] - 0.02f, fp32[i] + 0.02f);
        }

        // Not the same graph by accident: the scores moved, a little.
        Assert.NotEqual(fp32, int8);
    }

    [Fact]
    public void ProductsNamedToStayFp32AreLeftAlone()
    {
        var model = Heads();

        var quantized = Int8Quantizer.Quantize(model, new Int8QuantizerSettings { KeepFp32 = ["head_matmul"] });

        Assert.Single(Int8Quantizer.FindMatMuls(quantized));
        Assert.Equal(Score(model, new float[Dimension]), Score(quantized, new float[Dimension]));
    }

    [Fact]
    public void BytesThatAreNotAModelAreRefused()
    {
        Assert.Throws<InvalidDataException>(() => Int8Quantizer.Quantize([0xFF, 0xFF, 0xFF], Int8QuantizerSettings.Shipped));
    }

    private static byte[] Heads()
    {
        var random = new Random(11);
        var weights = Enumerable.Range(0, 2 * Dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        return OnnxHeadWriter.Write(new LogisticHeads(["extremist_propaganda", "terrorist_financing"], Dimension, weights, [0.1f, -0.2f]), [0.5f, 0.5f], "v1");
    }

    private static float[] Score(byte[] model, float[] input)
    {
        using var session = new InferenceSession(model);
        var rows = input.Length / Dimension;
        using var value = OrtValue.CreateTensorValueFromMemory(input, [rows, Dimension]);
        using var outputs = session.Run(new RunOptions(), ["embedding"], [value], ["scores"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
