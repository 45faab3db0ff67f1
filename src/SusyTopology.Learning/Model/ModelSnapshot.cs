namespace SusyTopology.Learning.Model;

/// <summary>
/// A frozen, self-contained copy of a trained classifier: standardisation, then dense layers (ReLU between
/// them, sigmoid at the end). Weights are stored as <c>W[out, in]</c>, the layout of ONNX <c>Gemm</c> with
/// <c>transB = 1</c>.
/// </summary>
public sealed record ModelSnapshot(
    float[] Mean,
    float[] Scale,
    IReadOnlyList<DenseLayerSnapshot> Layers,
    long TrainedRecords)
{
    public int InputSize => Mean.Length;
}
