using System.ComponentModel.DataAnnotations;

namespace ModerationApi.Hosting;

/// <summary>Request limits (section <c>Validation</c>).</summary>
internal sealed class ValidationOptions
{
    public const string SectionName = "Validation";

    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 20_000;

    [Range(1, 4096)]
    public int MaxIdLength { get; set; } = 128;

    [Range(1, 10_000)]
    public int MaxBatchItems { get; set; } = 256;

    [Range(1024, 1L << 30)]
    public long MaxBodyBytes { get; set; } = 5 * 1024 * 1024;
}
