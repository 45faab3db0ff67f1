namespace SusyTopology.Scoring;

/// <summary>How a model is loaded for scoring.</summary>
public sealed record ScoringModelOptions
{
    /// <summary>Width of the raw feature rows the model must take (18 for SUSY).</summary>
    public int FeatureCount { get; init; } = 18;

    /// <summary>The output's meaning when the model does not say (metadata <see cref="ModelMetadataKeys.Output"/>).</summary>
    public OutputMeaning DefaultMeaning { get; init; } = OutputMeaning.Probability;
}
