using SusyTopology.App.Configuration;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Dashboard;
using SusyTopology.Dashboard.Metrics;

namespace SusyTopology.App.Tests.Running;

/// <summary>The endpoint over HTTP with counters fed directly: names, types, labels and values as Prometheus sees them.</summary>
public class MetricsEndpointScrapeTests
{
    [Fact]
    public async Task Recorded_measurements_appear_in_the_scrape_with_prometheus_names_and_labels()
    {
        using var counters = new TopologyCounters($"{TopologyCounters.MeterName}.{Guid.NewGuid():N}");
        await using var endpoint = await MetricsEndpoint.StartAsync(new MetricsSettings { Port = 0 }, counters.InstanceMeterName);
        counters.Event(train: true);
        counters.Event(train: false);
        counters.Event(train: false);
        counters.InvalidEvent(TopologyCounters.DeadLetterReason.InvalidEvent);
        counters.UnscoredOverflow();
        counters.InputLag("susy-events", 3, 17);
        counters.Published(5);
        counters.Predicted(1, 0.9, 1, 0, latencyMs: 12.5);

        using var http = new HttpClient();
        var text = await http.GetStringAsync(endpoint.Url);
        Assert.Contains("# TYPE susy_events_total counter", text);
        var samples = PrometheusText.Parse(text);
        double Value(string name, params (string Label, string Value)[] labels) =>
            Assert.Single(samples, s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value)).Value;
        Assert.Equal(1, Value("susy_events_total", ("split", "TRAIN")));
        Assert.Equal(2, Value("susy_events_total", ("split", "TEST")));
        Assert.Equal(1, Value("susy_dead_letters_total", ("reason", "invalid_event")));
        Assert.Equal(1, Value("susy_dead_letters_total", ("reason", "unscored")));
        Assert.Equal(17, Value(AppMetricNames.ConsumerLag, ("topic", "susy-events"), ("partition", "3")));
        Assert.Equal(5, Value("susy_model_version"));
        Assert.Equal(1, Value("susy_prediction_latency_milliseconds_count"));
        Assert.Equal(12.5, Value("susy_prediction_latency_milliseconds_sum"));
    }

    [Fact]
    public async Task A_taken_port_is_a_clear_error_naming_the_option()
    {
        await using var first = await MetricsEndpoint.StartAsync(new MetricsSettings { Port = 0 }, $"unused.{Guid.NewGuid():N}");
        var e = await Assert.ThrowsAsync<PortInUseException>(() => MetricsEndpoint.StartAsync(new MetricsSettings { Port = first.Url.Port }));
        Assert.Contains($"127.0.0.1:{first.Url.Port}", e.Message);
        Assert.Contains("--metrics-port", e.Message);
    }
}
