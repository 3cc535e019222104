using ModerationApi.Engine.Classifier;
using ModerationApi.Training;

namespace ModerationApi.UnitTests.Classifier;

public sealed class HeadPrecisionTests
{
    [Fact]
    public void HeadsWithoutAPrecisionAreFp32Heads()
    {
        using var heads = HeadModel.Load(Heads(null));

        Assert.Equal(EncoderPrecision.Fp32, HeadPrecision.Of(heads));
        HeadPrecision.EnsureMatches(heads, EncoderPrecision.Fp32, "encoder");
    }

    [Fact]
    public void Int8HeadsRefuseAnFp32EncoderAndSayHowToFixIt()
    {
        using var heads = HeadModel.Load(Heads("int8"));

        var error = Assert.Throws<InvalidDataException>(() => HeadPrecision.EnsureMatches(heads, EncoderPrecision.Fp32, "all-MiniLM-L6-v2@x"));

        Assert.Contains("trained on the int8 encoder", error.Message, StringComparison.Ordinal);
        Assert.Contains("runs in fp32", error.Message, StringComparison.Ordinal);
        Assert.Contains("Classifier:Precision", error.Message, StringComparison.Ordinal);
        HeadPrecision.EnsureMatches(heads, EncoderPrecision.Int8, "all-MiniLM-L6-v2@x+int8");
    }

    [Fact]
    public void Fp32HeadsRefuseAnInt8Encoder()
    {
        using var heads = HeadModel.Load(Heads(null));

        Assert.Throws<InvalidDataException>(() => HeadPrecision.EnsureMatches(heads, EncoderPrecision.Int8, "all-MiniLM-L6-v2@x+int8"));
    }

    [Fact]
    public void AnUnknownPrecisionIsRefused()
    {
        using var heads = HeadModel.Load(Heads("int4"));

        Assert.Throws<InvalidDataException>(() => HeadPrecision.Of(heads));
    }

    private static byte[] Heads(string? precision)
    {
        var metadata = precision is null ? null : new Dictionary<string, string> { [HeadPrecision.MetadataKey] = precision };
        return OnnxHeadWriter.Write(new LogisticHeads(["extremist_propaganda", "terrorist_financing"], 4, [1, 2, 3, 4, -1, -2, -3, -4], [0f, 0f]), [0.5f, 0.5f], "v1", metadata);
    }
}
