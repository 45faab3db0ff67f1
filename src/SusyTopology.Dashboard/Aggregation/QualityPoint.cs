namespace SusyTopology.Dashboard.Aggregation;

/// <summary>Accuracy and AUC of the labelled predictions of one group (a time window or a model version); AUC is null
/// while the group holds one class only.</summary>
public sealed record QualityPoint(long Key, long Count, double Accuracy, double? Auc);
