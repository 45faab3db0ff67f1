using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Training;

/// <summary>What one <see cref="OfflineHarness"/> run measured on the held-out rows.</summary>
public sealed record OfflineTrainingResult
{
    public required string Mode { get; init; }
    public required double Accuracy { get; init; }
    public required double Auc { get; init; }
    public required double LogLoss { get; init; }
    public required double CohenKappa { get; init; }
    public required long TrainRecords { get; init; }
    public required long TestRecords { get; init; }
    public required int Epochs { get; init; }
    /// <summary>Training rows processed per second of training wall time (all epochs, replays included in the time).</summary>
    public required double RecordsPerSecond { get; init; }
    public required double TrainSeconds { get; init; }
    /// <summary>Online mode: accuracy of each training row predicted just before it was learned.</summary>
    public double? PrequentialAccuracy { get; init; }
    public double? PrequentialAuc { get; init; }
    public required OnlineClassifier Classifier { get; init; }
}
