namespace ModerationApi.Engine.Classifier;

/// <summary>One initializer of a serialised ONNX model and where its raw values lie in the model's bytes.</summary>
/// <param name="Name">The initializer's name.</param>
/// <param name="Dims">Its shape.</param>
/// <param name="DataType">ONNX TensorProto data type (1 = float).</param>
/// <param name="RawDataOffset">Offset of its raw_data in the model's bytes, or -1 when the values are stored otherwise.</param>
/// <param name="RawDataLength">Length of its raw_data in bytes.</param>
internal sealed record OnnxInitializer(string Name, long[] Dims, int DataType, int RawDataOffset, int RawDataLength);
