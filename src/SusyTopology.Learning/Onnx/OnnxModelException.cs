namespace SusyTopology.Learning.Onnx;

/// <summary>An ONNX model that cannot be loaded or evaluated by <see cref="OnnxModel"/> (malformed, or outside the supported subset).</summary>
public class OnnxModelException(string message, Exception? inner = null) : Exception(message, inner);
