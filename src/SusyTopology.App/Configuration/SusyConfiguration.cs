using Microsoft.Extensions.Configuration;
using SusyTopology.Kafka;

namespace SusyTopology.App.Configuration;

/// <summary>
/// Builds the app's configuration, lowest precedence first: <c>appsettings.json</c> (beside the binary, then the
/// working directory's), <c>.susy/cluster.env</c> written by `susy cluster` (where the embedded cluster listens),
/// environment variables (<c>SUSY_Kafka__BootstrapServers</c>, and the conventional <c>KAFKA_BOOTSTRAP_SERVERS</c> /
/// <c>SCHEMA_REGISTRY_URL</c>), then command-line flags (<c>--Kafka:BootstrapServers=…</c> style overrides).
/// </summary>
public static class SusyConfiguration
{
    public const string BootstrapServersKey = "Kafka:BootstrapServers";
    public const string SchemaRegistryUrlKey = "SchemaRegistry:Url";
    public const string ProfileKey = "Profile";

    /// <summary>Written to cluster.env by `susy cluster`: the embedded mock broker's profile (at-least-once, slow rebalances).</summary>
    public const string ProfileVariable = "SUSY_PROFILE";
    public const string EmbeddedProfile = "embedded";

    public static IConfigurationRoot Build(string[]? overrides = null, string? clusterEnvPath = null)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddInMemoryCollection(FromConventionalVariables(ClusterEnvFile.Read(clusterEnvPath ?? FindClusterEnv())))
            .AddEnvironmentVariables("SUSY_")
            .AddInMemoryCollection(FromConventionalVariables(Environment.GetEnvironmentVariables()
                .Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "")));
        if (overrides is { Length: > 0 }) builder.AddCommandLine(overrides);
        return builder.Build();
    }

    /// <summary>The nearest <c>.susy/cluster.env</c> at or above the working directory (make targets run from the root).</summary>
    public static string FindClusterEnv()
    {
        var explicitPath = Environment.GetEnvironmentVariable("SUSY_CLUSTER_ENV");
        if (!string.IsNullOrEmpty(explicitPath)) return explicitPath;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
        {
            var candidate = ClusterEnvFile.DefaultPath(dir.FullName);
            if (File.Exists(candidate)) return candidate;
        }
        return ClusterEnvFile.DefaultPath();
    }

    private static IEnumerable<KeyValuePair<string, string?>> FromConventionalVariables(IReadOnlyDictionary<string, string> values)
    {
        if (values.TryGetValue(ClusterEnvFile.BootstrapKey, out var bootstrap) && bootstrap.Length > 0)
            yield return new(BootstrapServersKey, bootstrap);
        if (values.TryGetValue(ClusterEnvFile.SchemaRegistryKey, out var registry) && registry.Length > 0)
            yield return new(SchemaRegistryUrlKey, registry);
        if (values.TryGetValue(ProfileVariable, out var profile) && profile.Length > 0)
            yield return new(ProfileKey, profile);
    }
}
