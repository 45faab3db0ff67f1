namespace SusyTopology.Scoring;

/// <summary>The model <c>metadata_props</c> keys the scorer reads.</summary>
public static class ModelMetadataKeys
{
    /// <summary><c>susy.output</c> = <c>probability</c> or <c>logit</c>: what the score output holds.</summary>
    public const string Output = "susy.output";

    public const string ProbabilityValue = "probability";
    public const string LogitValue = "logit";
}
