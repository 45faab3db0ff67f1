namespace SusyTopology.App.Topology;

/// <summary>
/// Latencies in logarithmic buckets 1 % wide from 0.01 ms to 10⁶ ms: fixed memory (15 KiB) however many events
/// pass, a lock-free <see cref="Record"/> on the per-prediction path, and percentiles within 1 %.
/// </summary>
public sealed class LatencyHistogram
{
    private const double MinMs = 0.01;
    private static readonly double LogGrowth = Math.Log(1.01);
    private static readonly int BucketCount = (int)Math.Ceiling(Math.Log(1e6 / MinMs) / LogGrowth) + 1;

    private readonly long[] _buckets = new long[BucketCount];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Record(double ms)
    {
        var bucket = ms <= MinMs ? 0 : Math.Min(BucketCount - 1, (int)(Math.Log(ms / MinMs) / LogGrowth) + 1);
        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Increment(ref _count);
    }

    /// <summary>The upper edge of the bucket holding the given percentile (0–100); NaN when nothing was recorded.</summary>
    public double Percentile(double percentile)
    {
        var total = Count;
        if (total == 0) return double.NaN;
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * total));
        long seen = 0;
        for (var b = 0; b < _buckets.Length; b++)
        {
            seen += Interlocked.Read(ref _buckets[b]);
            if (seen >= rank) return b == 0 ? MinMs : MinMs * Math.Exp(b * LogGrowth);
        }
        return MinMs * Math.Exp((_buckets.Length - 1) * LogGrowth);
    }
}
