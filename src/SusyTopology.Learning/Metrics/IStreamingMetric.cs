namespace SusyTopology.Learning.Metrics;

/// <summary>A small online summary of (label, predicted probability) pairs, updated test-then-train.</summary>
public interface IStreamingMetric
{
    /// <summary>Short name for reports, e.g. "accuracy".</summary>
    string Name { get; }

    MetricWindow Window { get; }

    /// <summary>Adds one prediction: <paramref name="label"/> is 0 or 1, <paramref name="probability"/> is P(label = 1).</summary>
    void Update(int label, double probability);

    /// <summary>The metric over the window (NaN while it is undefined, e.g. before any update).</summary>
    double Value { get; }
}
