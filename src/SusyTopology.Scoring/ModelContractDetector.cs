using Microsoft.ML.OnnxRuntime;

namespace SusyTopology.Scoring;

/// <summary>
/// Reads a loaded model's declared inputs and outputs and decides how to score with it, or says precisely why it
/// cannot be a binary classifier of raw SUSY rows. Accepted: exactly one float input <c>[N, F]</c> (or <c>[1, F]</c>),
/// and one float tensor output <c>[N]</c>, <c>[N, 1]</c> or <c>[N, 2]</c>; other outputs (an sklearn-onnx label) are
/// ignored when one float output is unambiguous — several are disambiguated by a name containing "prob".
/// </summary>
public static class ModelContractDetector
{
    public static ModelContract Detect(InferenceSession session, ScoringModelOptions options)
    {
        var (inputName, singleRow) = DetectInput(session.InputMetadata, options.FeatureCount);
        var outputName = DetectOutput(session.OutputMetadata);
        var meaning = Meaning(session.ModelMetadata.CustomMetadataMap, options.DefaultMeaning);
        var declared = session.OutputMetadata[outputName].Dimensions;
        var columns = declared.Length == 2 && declared[1] > 0 ? declared[1] : 1; // a symbolic width is settled by the probe run
        return new ModelContract(inputName, options.FeatureCount, singleRow, outputName, columns, meaning,
            session.OutputMetadata.Keys.Where(k => k != outputName).ToList(), declared.Length);
    }

    private static (string Name, bool SingleRow) DetectInput(IReadOnlyDictionary<string, NodeMetadata> inputs, int features)
    {
        if (inputs.Count != 1)
            throw new ScoringModelException(
                $"The model has {inputs.Count} inputs ({Names(inputs.Keys)}); a SUSY scorer feeds exactly one float tensor [N,{features}] of raw features.");
        var (name, meta) = inputs.Single();
        if (!meta.IsTensor || meta.ElementType != typeof(float))
            throw new ScoringModelException($"Input '{name}' is {Describe(meta)}; a SUSY scorer feeds a float tensor [N,{features}].");
        var dims = meta.Dimensions;
        if (dims.Length != 2)
            throw new ScoringModelException($"Input '{name}' has shape {Shape(dims)}; expected [N,{features}] (rows of raw features).");
        if (dims[1] > 0 && dims[1] != features)
            throw new ScoringModelException($"Input '{name}' takes rows of {dims[1]} features; SUSY events have {features} raw features.");
        if (dims[0] > 1)
            throw new ScoringModelException($"Input '{name}' has a fixed batch of {dims[0]} rows; export it with a dynamic batch axis (or a batch of 1).");
        return (name, dims[0] == 1);
    }

    private static string DetectOutput(IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        var floats = outputs.Where(o => o.Value.IsTensor && o.Value.ElementType == typeof(float)).Select(o => o.Key).ToList();
        if (floats.Count == 0)
        {
            var zipMap = outputs.Any(o => o.Value.OnnxValueType is OnnxValueType.ONNX_TYPE_SEQUENCE or OnnxValueType.ONNX_TYPE_MAP);
            throw new ScoringModelException($"The model has no float tensor output ({string.Join(", ", outputs.Select(o => $"'{o.Key}': {Describe(o.Value)}"))})" +
                (zipMap ? "; an sklearn-onnx classifier gives one when converted with options {'zipmap': False}." : "; expected P(signal) as [N], [N,1] or [N,2] float."));
        }
        if (floats.Count > 1)
        {
            var probabilities = floats.Where(n => n.Contains("prob", StringComparison.OrdinalIgnoreCase)).ToList();
            if (probabilities.Count != 1)
                throw new ScoringModelException($"The model has {floats.Count} float outputs ({Names(floats)}) but not exactly one named like a probability (\"prob\"); keep one score output.");
            floats = probabilities;
        }
        var name = floats[0];
        var dims = outputs[name].Dimensions;
        var rows = dims.Length is 0 or 1 or 2; // rank 0: no shape declared (some converters skip shape inference); the probe settles it
        var columns = dims.Length < 2 || dims[1] is -1 or 1 or 2;
        if (!rows || !columns)
            throw new ScoringModelException($"Output '{name}' has shape {Shape(dims)}; accepted are [N] or [N,1] (P(signal) or its logit) and [N,2] (per class, signal in column 1).");
        return name;
    }

    private static OutputMeaning Meaning(IReadOnlyDictionary<string, string> metadata, OutputMeaning fallback) =>
        metadata.TryGetValue(ModelMetadataKeys.Output, out var value)
            ? value switch
            {
                ModelMetadataKeys.ProbabilityValue => OutputMeaning.Probability,
                ModelMetadataKeys.LogitValue => OutputMeaning.Logit,
                _ => throw new ScoringModelException(
                    $"Metadata {ModelMetadataKeys.Output}='{value}' is neither '{ModelMetadataKeys.ProbabilityValue}' nor '{ModelMetadataKeys.LogitValue}'."),
            }
            : fallback;

    internal static string Shape(IEnumerable<long> dims) => "[" + string.Join(",", dims.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    private static string Shape(int[] dims) => Shape(dims.Select(d => (long)d));

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static string Describe(NodeMetadata meta) =>
        meta.IsTensor ? $"a {meta.ElementDataType} tensor {Shape(meta.Dimensions)}" : $"a {meta.OnnxValueType}";
}
