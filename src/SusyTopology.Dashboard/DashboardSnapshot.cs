using SusyTopology.Dashboard.Aggregation;
using SusyTopology.Dashboard.Observations;

namespace SusyTopology.Dashboard;

/// <summary>Everything the page shows at one moment; served as JSON at <c>/api/state</c>.</summary>
public sealed record DashboardSnapshot
{
    public required long WindowSeconds { get; init; }
    public required long Predictions { get; init; }
    public required long LabelledPredictions { get; init; }
    public required long? ModelVersion { get; init; }
    public required IReadOnlyList<QualityPoint> AccuracyByWindow { get; init; }
    public required IReadOnlyList<QualityPoint> AccuracyByModelVersion { get; init; }
    public required IReadOnlyList<QualityPoint> PrequentialByWindow { get; init; }
    public required IReadOnlyList<ObservedModel> Models { get; init; }
    public required long DeadLetters { get; init; }
    public required IReadOnlyList<ObservedDeadLetter> LatestDeadLetters { get; init; }
    public required MetricsReading Metrics { get; init; }
    public required string? FeedError { get; init; }
}

/// <summary>What the app's metrics endpoint said last: events/s and lag per input partition.</summary>
public sealed record MetricsReading(string? Url, bool Reachable, string? Error, double? EventsPerSecond, IReadOnlyList<PartitionLag> Lag)
{
    public static MetricsReading None(string? url, string? error = null) => new(url, false, error, null, []);
}

public sealed record PartitionLag(string Topic, int Partition, long Lag);
