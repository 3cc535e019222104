namespace ModerationApi.Cli.ScaleOut;

/// <summary>What one chunk held: posts given a verdict and malformed records reported.</summary>
internal sealed record ChunkResult(int Posts, int Errors);
