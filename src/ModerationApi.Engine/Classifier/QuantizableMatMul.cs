namespace ModerationApi.Engine.Classifier;

/// <summary>A weight product of the encoder that <see cref="Int8Quantizer"/> can run in int8.</summary>
/// <param name="NodeName">The MatMul node's name, for example <c>/encoder/layer.0/attention/self/query/MatMul</c>.</param>
/// <param name="WeightName">The initializer holding its [K, N] matrix.</param>
/// <param name="Rows">K, the input width.</param>
/// <param name="Columns">N, the output width.</param>
internal sealed record QuantizableMatMul(string NodeName, string WeightName, long Rows, long Columns);
