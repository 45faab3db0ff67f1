using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SusyTopology.App.Configuration;
using SusyTopology.App.Topology;
using SusyTopology.Dashboard;
using SusyTopology.Dashboard.Web;

namespace SusyTopology.App.Dashboard;

/// <summary>The dashboard's page served and its topic feed running: what `susy dashboard` and `susy run --dashboard` start.</summary>
public sealed class LiveDashboard : IAsyncDisposable
{
    private readonly DashboardServer _server;
    private readonly CancellationTokenSource _stop;
    private readonly Task _feed;

    private LiveDashboard(DashboardServer server, CancellationTokenSource stop, Task feed)
    {
        _server = server;
        _stop = stop;
        _feed = feed;
    }

    public Uri Url => _server.Url;
    public DashboardState State => _server.State;

    /// <summary>The <c>Dashboard</c> section, bound once.</summary>
    public static DashboardOptions Options(IConfiguration configuration) =>
        configuration.GetSection(DashboardOptions.SectionName).Get<DashboardOptions>() ?? new DashboardOptions();

    /// <param name="portOption">The option that moves the port, named when it is taken.</param>
    /// <exception cref="PortInUseException">The dashboard's port is taken.</exception>
    public static async Task<LiveDashboard> StartAsync(KafkaSettings kafka, SusyTopologyOptions topology, DashboardOptions options,
        ILoggerFactory loggers, string portOption = "--dashboard-port", CancellationToken ct = default)
    {
        var server = await DashboardServer.StartAsync(options, TimeProvider.System, portOption, ct).ConfigureAwait(false);
        var stop = new CancellationTokenSource();
        var feed = new OutputTopicFeed(kafka, topology, server.State, loggers.CreateLogger("susy.dashboard")).RunAsync(stop.Token);
        return new LiveDashboard(server, stop, feed);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _feed.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping is what was asked
        }
        await _server.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
