namespace SusyTopology.Dashboard;

/// <summary>How the dashboard aggregates and where it listens (<c>Dashboard</c> configuration section).</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>127.0.0.1: the page shows the model and its data, so it stays on this machine.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port.</summary>
    public int Port { get; set; } = 8050;

    /// <summary>Predictions are scored in windows of their event time this long, as the app's accuracy topic does.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Windows (and model versions) kept for the charts.</summary>
    public int MaxPoints { get; set; } = 360;

    /// <summary>Dead letters listed, newest first.</summary>
    public int MaxDeadLetters { get; set; } = 20;

    /// <summary>The app's Prometheus endpoint, read for events/s and lag per partition; null reads no metrics.</summary>
    public Uri? MetricsUrl { get; set; } = new("http://127.0.0.1:9464/metrics");

    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(1);

    public void Validate()
    {
        if (Port is < 0 or > 65535) throw new InvalidOperationException($"Dashboard:Port {Port} is not a TCP port.");
        if (Window <= TimeSpan.Zero) throw new InvalidOperationException("Dashboard:Window must be positive.");
        if (MaxPoints < 1) throw new InvalidOperationException("Dashboard:MaxPoints must be at least 1.");
        if (MaxDeadLetters < 1) throw new InvalidOperationException("Dashboard:MaxDeadLetters must be at least 1.");
        if (MetricsInterval <= TimeSpan.Zero) throw new InvalidOperationException("Dashboard:MetricsInterval must be positive.");
    }
}
