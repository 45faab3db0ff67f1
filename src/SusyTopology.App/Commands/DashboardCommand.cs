using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using SusyTopology.App.Cli;
using SusyTopology.App.Configuration;
using SusyTopology.App.Dashboard;
using SusyTopology.App.Topology;
using SusyTopology.Dashboard;

namespace SusyTopology.App.Commands;

/// <summary>`susy dashboard`: the live web page over the app's output topics and metrics endpoint, until Ctrl-C.</summary>
internal sealed class DashboardCommand : ICliCommand
{
    public Command Build()
    {
        var port = new Option<int?>("--port") { Description = "Port on 127.0.0.1 to serve the page on (default 8050; 0 picks a free one)." };
        var metricsUrl = new Option<string?>("--metrics-url") { Description = "The app's Prometheus endpoint (default http://127.0.0.1:9464/metrics)." };
        var noMetrics = new Option<bool>("--no-metrics") { Description = "Do not read the metrics endpoint (no events/s, no lag)." };
        var command = new Command("dashboard", "Serve a live web page of the app's accuracy per window and model version, lag, models and dead letters.")
        {
            port, metricsUrl, noMetrics,
        };
        command.SetAction(async (result, ct) =>
        {
            var overrides = new List<string>();
            if (result.GetValue(port) is { } p) overrides.Add($"--Dashboard:Port={p}");
            if (result.GetValue(metricsUrl) is { } url) overrides.Add($"--Dashboard:MetricsUrl={url}");
            var configuration = SusyConfiguration.Build([.. overrides]);
            var options = LiveDashboard.Options(configuration);
            if (result.GetValue(noMetrics)) options.MetricsUrl = null;
            using var shutdown = new ShutdownSignal(ct);
            using var loggers = AppLogging.Create(configuration);
            try
            {
                await using var dashboard = await LiveDashboard.StartAsync(KafkaSettings.From(configuration), AppTopology.Options(configuration),
                    options, loggers, "--port", shutdown.Token);
                AnsiConsole.WriteLine($"dashboard: {dashboard.Url} (Ctrl-C stops it)");
                await Task.Delay(Timeout.Infinite, shutdown.Token).ContinueWith(_ => { }, CancellationToken.None);
                return 0;
            }
            catch (PortInUseException e)
            {
                loggers.CreateLogger("susy.dashboard").LogError("{Message}", e.Message);
                return 2;
            }
        });
        return command;
    }
}
