namespace SusyTopology.Dashboard.Observations;

/// <summary>A published model snapshot: its version, the training records it had learned, and when it was taken.</summary>
public readonly record struct ObservedModel(long Version, long TrainedRecords, long CreatedAtMs);
