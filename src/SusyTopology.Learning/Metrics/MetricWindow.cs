namespace SusyTopology.Learning.Metrics;

/// <summary>Which part of a prediction stream a metric summarises.</summary>
public enum MetricWindowKind
{
    /// <summary>Everything since creation.</summary>
    Cumulative,
    /// <summary>Consecutive non-overlapping blocks of <see cref="MetricWindow.Size"/> updates; the value is the last completed block (the current one until the first completes).</summary>
    Tumbling,
    /// <summary>The most recent <see cref="MetricWindow.Size"/> updates.</summary>
    Sliding,
    /// <summary>Every update, weighted by <c>α^age</c> (<see cref="MetricWindow.Alpha"/>), the fading factor of Gama et al. for prequential evaluation.</summary>
    Fading,
}

/// <summary>The window of a streaming metric: cumulative, tumbling/sliding over a count of updates, or fading.</summary>
public sealed record MetricWindow
{
    private MetricWindow(MetricWindowKind kind, int size, double alpha) => (Kind, Size, Alpha) = (kind, size, alpha);

    public MetricWindowKind Kind { get; }
    public int Size { get; }
    public double Alpha { get; }

    public static MetricWindow Cumulative { get; } = new(MetricWindowKind.Cumulative, 0, 1);

    public static MetricWindow Tumbling(int size) =>
        size > 0 ? new(MetricWindowKind.Tumbling, size, 1) : throw new ArgumentOutOfRangeException(nameof(size), size, "Window size must be positive.");

    public static MetricWindow Sliding(int size) =>
        size > 0 ? new(MetricWindowKind.Sliding, size, 1) : throw new ArgumentOutOfRangeException(nameof(size), size, "Window size must be positive.");

    public static MetricWindow Fading(double alpha) =>
        alpha is > 0 and < 1 ? new(MetricWindowKind.Fading, 0, alpha) : throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Fading factor must be in (0, 1).");

    public override string ToString() => Kind switch
    {
        MetricWindowKind.Cumulative => "cumulative",
        MetricWindowKind.Fading => $"fading(α={Alpha})",
        _ => $"{Kind.ToString().ToLowerInvariant()}({Size})",
    };
}
