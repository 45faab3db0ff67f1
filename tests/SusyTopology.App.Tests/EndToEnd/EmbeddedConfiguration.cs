using Microsoft.Extensions.Configuration;
using SusyTopology.App.Configuration;

namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>The app's appsettings.json on the embedded profile, with a test's own settings on top.</summary>
internal static class EmbeddedConfiguration
{
    public static IConfiguration With(IReadOnlyDictionary<string, string?>? settings = null) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(RepoPaths.Root, "src", "SusyTopology.App", "appsettings.json"))
        .AddInMemoryCollection(new Dictionary<string, string?> { [SusyConfiguration.ProfileKey] = SusyConfiguration.EmbeddedProfile })
        .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
        .Build();
}
