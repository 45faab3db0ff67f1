using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SusyTopology.Dashboard.Metrics;

namespace SusyTopology.Dashboard.Tests;

/// <summary>The poller against a real HTTP endpoint serving Prometheus text, on a clock that moves when told.</summary>
public class MetricsPollerTests
{
    [Fact]
    public async Task Events_per_second_come_from_successive_scrapes_and_lag_from_the_gauge()
    {
        var events = 100;
        await using var host = await LocalWebHost.StartAsync("127.0.0.1", 0, "test endpoint", "--port", null, app => app.MapGet("/metrics", () =>
            Results.Text($"""
                # TYPE susy_events_total counter
                susy_events_total{"{"}otel_scope_name="SusyTopology.App",split="TRAIN"{"}"} {events}
                susy_events_total{"{"}otel_scope_name="SusyTopology.App",split="TEST"{"}"} {events}
                # TYPE susy_consumer_lag gauge
                susy_consumer_lag{"{"}partition="1",topic="susy-events"{"}"} 7
                susy_consumer_lag{"{"}partition="0",topic="susy-events"{"}"} 3
                """, "text/plain")));
        var clock = new SteppedClock();
        using var http = new HttpClient();
        var poller = new MetricsPoller(new Uri(host.BaseUrl, "metrics"), http, new DashboardState(new DashboardOptions()), clock);

        var first = await poller.ReadAsync(CancellationToken.None);
        Assert.True(first.Reachable);
        Assert.Null(first.EventsPerSecond);
        Assert.Equal([new PartitionLag("susy-events", 0, 3), new PartitionLag("susy-events", 1, 7)], first.Lag);

        events = 600;
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(500, (await poller.ReadAsync(CancellationToken.None)).EventsPerSecond);
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_is_reported_not_thrown()
    {
        using var http = new HttpClient();
        var poller = new MetricsPoller(new Uri("http://127.0.0.1:1/metrics"), http, new DashboardState(new DashboardOptions()), TimeProvider.System);
        var reading = await poller.ReadAsync(CancellationToken.None);
        Assert.False(reading.Reachable);
        Assert.NotNull(reading.Error);
        Assert.Empty(reading.Lag);
    }
}
