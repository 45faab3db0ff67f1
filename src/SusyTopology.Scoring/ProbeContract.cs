using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace SusyTopology.Scoring;

/// <summary>
/// Scores a probe batch (a row of zeros and a row of ones) at load, so that a model which declares the right shapes
/// but fails to run, returns another shape, or returns something other than probabilities is refused before it
/// replaces a working version — not on the first real event.
/// </summary>
internal static class ProbeContract
{
    public static ModelContract Check(InferenceSession session, ModelContract contract)
    {
        var rows = contract.SingleRow ? 1 : 2;
        var features = contract.FeatureCount;
        var input = new float[rows * features];
        input.AsSpan(features * (rows - 1)).Fill(1f);
        long[] shape;
        float[] values;
        try
        {
            using var runOptions = new RunOptions();
            using var value = OrtValue.CreateTensorValueFromMemory(input, [rows, features]);
            using var results = session.Run(runOptions, [contract.InputName], [value], [contract.OutputName]);
            shape = results[0].GetTensorTypeAndShape().Shape;
            values = results[0].GetTensorDataAsSpan<float>().ToArray();
        }
        catch (OnnxRuntimeException e)
        {
            throw new ScoringModelException($"The model fails on a probe batch of {rows} row(s): {e.Message}", e);
        }
        var columns = shape.Length switch
        {
            1 when shape[0] == rows => 1,
            2 when shape[0] == rows && shape[1] is 1 or 2 => (int)shape[1],
            _ => throw new ScoringModelException(
                $"Output '{contract.OutputName}' is {ModelContractDetector.Shape(shape)} for {rows} input row(s); accepted are [N], [N,1] and [N,2]."),
        };
        var checkedContract = contract with { OutputColumns = columns, OutputRank = shape.Length };
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
                throw new ScoringModelException($"Output '{contract.OutputName}' is {v} on a probe row; a classifier's score must be finite.");
            if (contract.Meaning == OutputMeaning.Probability && v is < 0f or > 1f)
                throw new ScoringModelException(
                    $"Output '{contract.OutputName}' is {v.ToString(CultureInfo.InvariantCulture)} on a probe row: not a probability. " +
                    $"If the model outputs logits, say so (--logits, or metadata {ModelMetadataKeys.Output}={ModelMetadataKeys.LogitValue}).");
        }
        return checkedContract;
    }
}
