using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using SusyTopology.Dashboard.Metrics;

namespace SusyTopology.Dashboard.Web;

/// <summary>
/// The dashboard's web side: the page and its vendored chart library (files beside the assembly, so it works
/// offline), <c>/api/state</c> with the current <see cref="DashboardSnapshot"/> (the page polls it every second),
/// and the poller that reads the app's metrics endpoint. Whoever reads the topics feeds <see cref="State"/>.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    public const string WebRootFolder = "dashboard-wwwroot";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly LocalWebHost _host;
    private readonly CancellationTokenSource _stop;
    private readonly HttpClient _http;
    private readonly Task _poller;

    private DashboardServer(LocalWebHost host, DashboardState state, CancellationTokenSource stop, HttpClient http, Task poller)
    {
        _host = host;
        State = state;
        _stop = stop;
        _http = http;
        _poller = poller;
    }

    public DashboardState State { get; }

    /// <summary>The page, e.g. http://127.0.0.1:8050/.</summary>
    public Uri Url => _host.BaseUrl;

    /// <param name="portOption">The command-line option that moves the port, named when the port is taken.</param>
    /// <exception cref="PortInUseException">The port is taken.</exception>
    public static async Task<DashboardServer> StartAsync(DashboardOptions options, TimeProvider time, string portOption, CancellationToken ct = default)
    {
        options.Validate();
        var webRoot = Path.Combine(AppContext.BaseDirectory, WebRootFolder);
        if (!File.Exists(Path.Combine(webRoot, "index.html")))
            throw new InvalidOperationException($"The dashboard's page is missing from {webRoot}: the build did not copy it.");
        var state = new DashboardState(options);
        var host = await LocalWebHost.StartAsync(options.Host, options.Port, "dashboard", portOption, null, app =>
        {
            var files = new PhysicalFileProvider(webRoot);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            app.MapGet("/api/state", () => Results.Json(state.Snapshot(), Json));
        }, ct).ConfigureAwait(false);
        var stop = new CancellationTokenSource();
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var poller = options.MetricsUrl is { } url
            ? Task.Run(() => new MetricsPoller(url, http, state, time).RunAsync(options.MetricsInterval, stop.Token), CancellationToken.None)
            : Task.CompletedTask;
        return new DashboardServer(host, state, stop, http, poller);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _poller.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping is what was asked
        }
        await _host.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _stop.Dispose();
    }
}
