namespace SusyTopology.Learning.Onnx;

/// <summary>What <see cref="OnnxExporter"/> writes besides the weights.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>Free-form model version, stored as metadata <c>version</c>.</summary>
    public string ModelVersion { get; init; } = "1";

    /// <summary>Names of the input columns (metadata <c>feature_names</c>, a JSON array); UCI SUSY's by default.</summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }

    /// <summary>Creation time (metadata <c>created_at</c>, ISO-8601 UTC); now when null.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Extra metadata properties, written after the standard ones.</summary>
    public IReadOnlyDictionary<string, string>? ExtraMetadata { get; init; }
}
