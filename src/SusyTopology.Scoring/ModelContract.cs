namespace SusyTopology.Scoring;

/// <summary>
/// How a model is fed and read, detected at load (<see cref="ModelContractDetector"/>): one float input
/// <c>[N, FeatureCount]</c> and one float output of one column (P(signal) or its logit) or two (per-class, signal in
/// column 1).
/// </summary>
/// <param name="SingleRow">The input's batch dimension is fixed at 1: rows are scored one run each.</param>
/// <param name="IgnoredOutputs">Outputs not read (e.g. sklearn-onnx's predicted label), never computed when scoring.</param>
/// <param name="OutputRank">1 for <c>[N]</c>, 2 for <c>[N, columns]</c>.</param>
public sealed record ModelContract(string InputName, int FeatureCount, bool SingleRow, string OutputName, int OutputColumns,
    OutputMeaning Meaning, IReadOnlyList<string> IgnoredOutputs, int OutputRank)
{
    /// <summary>P(signal) of one row from the output rows laid out <see cref="OutputColumns"/> wide.</summary>
    public float Probability(ReadOnlySpan<float> outputs, int row)
    {
        if (OutputColumns == 1)
            return Meaning == OutputMeaning.Logit ? Sigmoid(outputs[row]) : outputs[row];
        var background = outputs[2 * row];
        var signal = outputs[2 * row + 1];
        // Two logits: the softmax's signal column is the sigmoid of their difference.
        return Meaning == OutputMeaning.Logit ? Sigmoid(signal - background) : signal;
    }

    public string Describe() =>
        $"input '{InputName}' [{(SingleRow ? "1" : "N")},{FeatureCount}] float, output '{OutputName}' " +
        (OutputColumns == 1 ? "1 column" : "2 columns, signal in column 1") + (Meaning == OutputMeaning.Logit ? " (logits)" : " (probabilities)");

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
