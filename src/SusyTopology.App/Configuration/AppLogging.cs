using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace SusyTopology.App.Configuration;

/// <summary>Structured console logging, levels from the <c>Logging</c> configuration section.</summary>
public static class AppLogging
{
    public static ILoggerFactory Create(IConfiguration configuration) =>
        LoggerFactory.Create(builder => builder
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            }));
}
