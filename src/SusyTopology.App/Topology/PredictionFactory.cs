using SusyTopology.Events;

namespace SusyTopology.App.Topology;

internal static class PredictionFactory
{
    /// <summary>The decision threshold: the model outputs a calibrated probability, so 0.5 maximises expected accuracy.</summary>
    public const double Threshold = 0.5;

    public static Prediction Create(SusyEvent e, double probability, long modelVersion, TimeProvider time) => new()
    {
        EventId = e.EventId,
        Probability = probability,
        PredictedLabel = probability >= Threshold ? 1 : 0,
        Label = e.Label,
        ModelVersion = modelVersion,
        ScoredAt = time.GetUtcNow(),
    };
}
