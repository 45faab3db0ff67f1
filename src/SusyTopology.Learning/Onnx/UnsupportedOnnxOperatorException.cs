namespace SusyTopology.Learning.Onnx;

/// <summary>The model uses an operator (or an operator form) the scorer does not implement.</summary>
public sealed class UnsupportedOnnxOperatorException(string opType, string nodeName, string detail)
    : OnnxModelException($"ONNX operator '{opType}' (node '{nodeName}') is not supported: {detail}. " +
                         $"The scorer evaluates only {string.Join(", ", OnnxModel.SupportedOperators)} on float tensors.")
{
    public string OpType { get; } = opType;
    public string NodeName { get; } = nodeName;
}
