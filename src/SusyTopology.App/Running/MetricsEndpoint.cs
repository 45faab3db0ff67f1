using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using SusyTopology.App.Configuration;
using SusyTopology.App.Topology;
using SusyTopology.Dashboard;

namespace SusyTopology.App.Running;

/// <summary>
/// The app's <see cref="System.Diagnostics.Metrics"/> instruments in Prometheus' text format at <c>/metrics</c>, through
/// OpenTelemetry's Prometheus exporter. Its exposition package is a pre-release, but the stable alternative on the mirror,
/// prometheus-net 8.2.1, exported none of the meter's values before a first collect, turns counters into gauges and
/// drops a series unchanged for 5 minutes (a drained run's totals); OpenTelemetry keeps counters as <c>_total</c>
/// counters, puts units in names and forgets nothing.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly LocalWebHost _host;

    private MetricsEndpoint(LocalWebHost host) => _host = host;

    /// <summary>The scrape URL, e.g. http://127.0.0.1:9464/metrics.</summary>
    public Uri Url => new(_host.BaseUrl, "metrics");

    /// <param name="meterName">The meter to export (<see cref="TopologyCounters.MeterName"/> unless a test isolates its own).</param>
    /// <exception cref="PortInUseException">The port is taken.</exception>
    public static async Task<MetricsEndpoint> StartAsync(MetricsSettings settings, string meterName = TopologyCounters.MeterName,
        CancellationToken ct = default)
    {
        var host = await LocalWebHost.StartAsync(settings.Host, settings.Port, "metrics endpoint", "--metrics-port",
            services => services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(meterName).AddPrometheusExporter()),
            app => app.MapPrometheusScrapingEndpoint("/metrics"), ct).ConfigureAwait(false);
        return new MetricsEndpoint(host);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
