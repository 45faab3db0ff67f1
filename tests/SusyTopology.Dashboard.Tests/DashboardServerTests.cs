using System.Text.Json;
using SusyTopology.Dashboard.Observations;
using SusyTopology.Dashboard.Web;

namespace SusyTopology.Dashboard.Tests;

/// <summary>The dashboard's HTTP side without a browser: the page and its vendored chart library are served from beside
/// the assembly (offline), and <c>/api/state</c> is the state as JSON.</summary>
public class DashboardServerTests
{
    [Fact]
    public async Task Serves_the_page_the_vendored_chart_library_and_the_state()
    {
        await using var server = await DashboardServer.StartAsync(new DashboardOptions { Port = 0, MetricsUrl = null }, TimeProvider.System, "--port");
        server.State.Prediction(new ObservedPrediction(25_000, 4, 1, 0.75));
        using var http = new HttpClient { BaseAddress = server.Url };

        Assert.Contains("id=\"accuracy-chart\"", await http.GetStringAsync("/"));
        var chartLibrary = await http.GetAsync("/vendor/uplot/uPlot.iife.min.js");
        chartLibrary.EnsureSuccessStatusCode();
        Assert.True((await chartLibrary.Content.ReadAsByteArrayAsync()).Length > 10_000);

        using var state = JsonDocument.Parse(await http.GetStringAsync("/api/state"));
        var root = state.RootElement;
        Assert.Equal(1, root.GetProperty("predictions").GetInt64());
        Assert.Equal(4, root.GetProperty("modelVersion").GetInt64());
        var window = Assert.Single(root.GetProperty("accuracyByWindow").EnumerateArray());
        Assert.Equal(20_000, window.GetProperty("key").GetInt64());
        Assert.Equal(1.0, window.GetProperty("accuracy").GetDouble());
        Assert.Equal(JsonValueKind.Null, window.GetProperty("auc").ValueKind);
        Assert.False(root.GetProperty("metrics").GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task A_taken_port_names_the_option_that_moves_it()
    {
        await using var first = await DashboardServer.StartAsync(new DashboardOptions { Port = 0, MetricsUrl = null }, TimeProvider.System, "--port");
        var e = await Assert.ThrowsAsync<PortInUseException>(() =>
            DashboardServer.StartAsync(new DashboardOptions { Port = first.Url.Port, MetricsUrl = null }, TimeProvider.System, "--dashboard-port"));
        Assert.Contains("--dashboard-port", e.Message);
    }
}
