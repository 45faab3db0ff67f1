using Microsoft.Extensions.Configuration;

namespace SusyTopology.App.Configuration;

/// <summary>
/// Where `susy run` serves its Prometheus metrics (<c>Metrics</c> section). On by default: a service nobody can watch
/// is the worse default, and the port is a setting away (<c>--metrics-port</c>) when 9464 is taken.
/// </summary>
public sealed class MetricsSettings
{
    public const string SectionName = "Metrics";

    public bool Enabled { get; set; } = true;

    /// <summary>The address to listen on; 127.0.0.1 keeps the endpoint local, 0.0.0.0 lets a Prometheus elsewhere scrape it.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>9464, the port OpenTelemetry's Prometheus exporter uses; 0 picks a free one.</summary>
    public int Port { get; set; } = 9464;

    public static MetricsSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(SectionName).Get<MetricsSettings>() ?? new MetricsSettings();
        if (settings.Port is < 0 or > 65535) throw new InvalidOperationException($"Metrics:Port {settings.Port} is not a TCP port.");
        return settings;
    }
}
