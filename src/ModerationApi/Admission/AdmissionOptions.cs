using System.ComponentModel.DataAnnotations;

namespace ModerationApi.Admission;

/// <summary>
/// What one request and one API key may ask of the model (section <c>Admission</c>), counted in model tokens: the word
/// pieces of the windows the model reads, [CLS] and [SEP] included (a full window is 128). Cache hits cost nothing.
/// </summary>
internal sealed class AdmissionOptions
{
    public const string SectionName = "Admission";

    /// <summary>
    /// The most model tokens one request may need; more is refused with 413 before anything runs. Default 65,536 (512
    /// full windows, about 20 s of model time on 2 cores): 256 tweet-length posts need about 12,000.
    /// </summary>
    [Range(128, 100_000_000)]
    public int MaxRequestTokens { get; set; } = 65_536;

    /// <summary>
    /// The most model tokens one API key may use per <c>RateLimit:Window</c>; more is refused with 429 and Retry-After.
    /// Default 65,536: about what the model does in the default 10 s window on 2 idle cores (five 256-tweet batches),
    /// so one key may keep the model busy but not bank more work than it can do.
    /// </summary>
    [Range(128, 1_000_000_000)]
    public int KeyTokensPerWindow { get; set; } = 65_536;

    /// <summary>
    /// How long a request's posts may wait for the model; posts still waiting then are dropped and the request answered
    /// 503 with Retry-After. Posts of a client that has gone away are dropped at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ModelDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The share of the model queue's capacity that, once waiting, makes <c>/health/ready</c> report Degraded (as does
    /// a request refused for a full queue in the last <see cref="SaturationMemory"/>).
    /// </summary>
    [Range(0.01, 1.0)]
    public double SaturatedAt { get; set; } = 0.5;

    /// <summary>How long readiness stays Degraded after the model queue last refused a request.</summary>
    public TimeSpan SaturationMemory { get; set; } = TimeSpan.FromSeconds(10);
}
