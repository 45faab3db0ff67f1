namespace SusyTopology.Dashboard.Observations;

/// <summary>One prediction as the dashboard needs it: when (the record's timestamp, the event's time), by which model,
/// the score and the true label when known.</summary>
public readonly record struct ObservedPrediction(long TimestampMs, long ModelVersion, int? Label, double Probability);
