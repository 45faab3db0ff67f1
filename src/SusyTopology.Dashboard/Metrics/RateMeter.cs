namespace SusyTopology.Dashboard.Metrics;

/// <summary>A per-second rate from successive readings of a monotonic counter (a counter that went down was reset:
/// the app restarted, and its new value counts from zero).</summary>
public sealed class RateMeter
{
    private (double Value, long Timestamp)? _previous;

    /// <summary>The rate since the previous reading; null on the first one or when no time passed.</summary>
    public double? Next(double value, long timestamp, TimeProvider time)
    {
        var previous = _previous;
        _previous = (value, timestamp);
        if (previous is not { } p) return null;
        var seconds = time.GetElapsedTime(p.Timestamp, timestamp).TotalSeconds;
        if (seconds <= 0) return null;
        var delta = value >= p.Value ? value - p.Value : value;
        return delta / seconds;
    }
}
