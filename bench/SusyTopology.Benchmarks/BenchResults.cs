using System.Text.Json;
using System.Text.Json.Nodes;

namespace SusyTopology.Benchmarks;

/// <summary>
/// The one place every benchmark reports to: <c>artifacts/bench/results.json</c>, an array of
/// <c>{"name", "value", "unit", "machine"}</c>. Figures are merged by name so that running one benchmark group
/// does not erase the others' figures.
/// </summary>
public static class BenchResults
{
    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("SUSY_BENCH_RESULTS")
        ?? Path.Combine(FindRepoRoot(), "artifacts", "bench", "results.json");

    public static void Record(string name, double value, string unit, string? path = null)
    {
        path ??= DefaultPath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var entries = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonArray ?? [] : [];
        foreach (var existing in entries.Where(e => (string?)e?["name"] == name).ToList())
            entries.Remove(existing);
        entries.Add(new JsonObject
        {
            ["name"] = name,
            ["value"] = Math.Round(value, 3),
            ["unit"] = unit,
            ["machine"] = MachineDescription(),
            ["recorded_at"] = DateTimeOffset.UtcNow.ToString("O"),
        });
        var sorted = new JsonArray(entries.OrderBy(e => (string?)e?["name"], StringComparer.Ordinal)
            .Select(e => e!.DeepClone()).ToArray());
        File.WriteAllText(path, sorted.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"[bench] {name} = {value:N1} {unit}");
    }

    public static string MachineDescription() =>
        $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
        $".NET {Environment.Version}, {CpuModel()}";

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SusyTopology.sln")))
                return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
