using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SusyTopology.Avro.DevRegistry;

/// <summary>
/// An in-memory development Schema Registry speaking Confluent's REST API subset (see issue 3), so that Confluent
/// clients in any language work against it unchanged. Hosted by <c>susy cluster</c>; tests start it on port 0.
/// </summary>
public sealed class DevSchemaRegistryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DevSchemaRegistryServer(WebApplication app, InMemorySchemaRegistry registry, Uri url)
    {
        _app = app;
        Registry = registry;
        Url = url;
    }

    /// <summary>The base URL clients use, e.g. http://127.0.0.1:8081/ (give clients <c>Url.GetLeftPart(UriPartial.Authority)</c> for the form without the slash).</summary>
    public Uri Url { get; }

    /// <summary>The registry's state, for in-process use.</summary>
    public InMemorySchemaRegistry Registry { get; }

    /// <summary>Starts listening on <paramref name="host"/>:<paramref name="port"/> (port 0 picks a free port).</summary>
    /// <exception cref="RegistryPortInUseException">The port is taken.</exception>
    public static async Task<DevSchemaRegistryServer> StartAsync(int port = 8081, string host = "127.0.0.1", CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            if (IPAddress.TryParse(host, out var address))
                options.Listen(address, port);
            else if (host == "localhost")
                options.ListenLocalhost(port);
            else
                options.ListenAnyIP(port);
        });
        var app = builder.Build();
        var registry = new InMemorySchemaRegistry();
        RegistryEndpoints.Map(app, registry);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new RegistryPortInUseException(host, port, e);
        }

        var address0 = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the registry server reported no listening address");
        var actualPort = new Uri(address0.Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
        var urlHost = host.Contains(':') ? $"[{host}]" : host;
        return new DevSchemaRegistryServer(app, registry, new Uri($"http://{urlHost}:{actualPort}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
