using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SusyTopology.Streams.State.Internals;

/// <summary>
/// Store operation latencies through System.Diagnostics.Metrics. Timing is skipped entirely while no listener is
/// attached, so an unobserved store pays only a field read per operation.
/// </summary>
internal static class StoreMetrics
{
    public static readonly Meter Meter = new("SusyTopology.Streams.State");

    public static readonly Histogram<double> PutLatency =
        Meter.CreateHistogram<double>("streams.state.put.latency", "ms", "Latency of store writes");

    public static readonly Histogram<double> GetLatency =
        Meter.CreateHistogram<double>("streams.state.get.latency", "ms", "Latency of store reads");

    public static long Start(Histogram<double> histogram) => histogram.Enabled ? Stopwatch.GetTimestamp() : 0;

    public static void Stop(Histogram<double> histogram, long started, string storeName)
    {
        if (started == 0) return;
        histogram.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            new KeyValuePair<string, object?>("store", storeName));
    }
}
