using Prometheus;
using SusyTopology.App.Configuration;
using SusyTopology.App.Topology;
using SusyTopology.Dashboard;

namespace SusyTopology.App.Running;

/// <summary>
/// The app's <see cref="System.Diagnostics.Metrics"/> instruments (meter <see cref="TopologyCounters.MeterName"/>) in
/// Prometheus' text format at <c>/metrics</c>. prometheus-net's meter adapter does the translation (a stable release;
/// OpenTelemetry's Prometheus exporter is still a beta) into a registry of its own, so no process-wide default
/// registry or runtime metric is involved.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    /// <summary>Histogram buckets for the app's millisecond histograms (prometheus-net's defaults are for seconds).</summary>
    private static readonly double[] MillisecondBuckets = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000];

    private readonly LocalWebHost _host;
    private readonly IDisposable _adapter;

    private MetricsEndpoint(LocalWebHost host, IDisposable adapter)
    {
        _host = host;
        _adapter = adapter;
    }

    /// <summary>The scrape URL, e.g. http://127.0.0.1:9464/metrics.</summary>
    public Uri Url => new(_host.BaseUrl, "metrics");

    /// <exception cref="PortInUseException">The port is taken.</exception>
    public static async Task<MetricsEndpoint> StartAsync(MetricsSettings settings, CancellationToken ct = default)
    {
        var registry = Metrics.NewCustomRegistry();
        var adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            InstrumentFilterPredicate = instrument => instrument.Meter.Name == TopologyCounters.MeterName,
            ResolveHistogramBuckets = _ => MillisecondBuckets,
        });
        try
        {
            var host = await LocalWebHost.StartAsync(settings.Host, settings.Port, "metrics endpoint", "--metrics-port",
                app => app.MapMetrics("/metrics", registry), ct).ConfigureAwait(false);
            return new MetricsEndpoint(host, adapter);
        }
        catch
        {
            adapter.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync().ConfigureAwait(false);
        _adapter.Dispose();
    }
}
