namespace SusyTopology.Dashboard.Metrics;

/// <summary>The names under which the app's instruments appear in Prometheus' format (dots become underscores,
/// counters end in <c>_total</c>).</summary>
public static class AppMetricNames
{
    public const string Events = "susy_events_total";
    public const string ConsumerLag = "susy_consumer_lag";
}
