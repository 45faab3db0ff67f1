using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SusyTopology.Dashboard;

/// <summary>
/// A Kestrel server on one address and port (0 picks a free one) for the app's small HTTP endpoints, with the port
/// it actually got and a clear error when the port is taken.
/// </summary>
public sealed class LocalWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalWebHost(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>e.g. http://127.0.0.1:8050/</summary>
    public Uri BaseUrl { get; }

    /// <param name="what">Named in the error, e.g. "dashboard".</param>
    /// <param name="portOption">The option that moves the port, named in the error.</param>
    /// <exception cref="PortInUseException">The port is taken.</exception>
    /// <param name="services">Registers what <paramref name="map"/> needs, if anything.</param>
    public static async Task<LocalWebHost> StartAsync(string host, int port, string what, string portOption, Action<IServiceCollection>? services,
        Action<WebApplication> map, CancellationToken ct = default)
    {
        var address = IPAddress.Parse(host);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new PortInUseException(what, host, port, portOption, e);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                    ?? throw new InvalidOperationException($"Kestrel reported no listening address for the {what}.");
        var urlHost = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        return new LocalWebHost(app, new Uri($"http://{urlHost}:{new Uri(bound).Port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
