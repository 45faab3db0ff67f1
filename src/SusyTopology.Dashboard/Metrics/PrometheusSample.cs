namespace SusyTopology.Dashboard.Metrics;

/// <summary>One sample line of Prometheus' text exposition format: a metric name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;
}
