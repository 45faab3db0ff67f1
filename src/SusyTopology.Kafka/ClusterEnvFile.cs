namespace SusyTopology.Kafka;

/// <summary>
/// <c>.susy/cluster.env</c>: where the running cluster listens (<c>KAFKA_BOOTSTRAP_SERVERS=…</c>,
/// <c>SCHEMA_REGISTRY_URL=…</c>), written by `susy cluster` (the mock broker listens on random ports) and read by the
/// CLI and `make run`. Plain KEY=VALUE lines so that shells can <c>source</c> it too.
/// </summary>
public static class ClusterEnvFile
{
    public const string BootstrapKey = "KAFKA_BOOTSTRAP_SERVERS";
    public const string SchemaRegistryKey = "SCHEMA_REGISTRY_URL";

    public static string DefaultPath(string? root = null) =>
        Path.Combine(root ?? Directory.GetCurrentDirectory(), ".susy", "cluster.env");

    public static void Write(string path, IReadOnlyDictionary<string, string> values)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        File.WriteAllLines(tmp, values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        File.Move(tmp, path, overwrite: true); // readers never see a half-written file
    }

    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return values;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }
        return values;
    }
}
