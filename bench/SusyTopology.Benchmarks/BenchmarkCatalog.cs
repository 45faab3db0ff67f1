namespace SusyTopology.Benchmarks;

/// <summary>A named group of benchmarks that records its figures through <see cref="BenchResults"/>.</summary>
public sealed record BenchmarkGroup(string Name, Action<string[]> Run);

/// <summary>Every benchmark group `make bench` runs, in order. Each library adds its group here.</summary>
public static class BenchmarkCatalog
{
    public static IReadOnlyList<BenchmarkGroup> Groups { get; } =
    [
        Learning.LearningBenchmarkGroup.Group,
        Scoring.ScoringBenchmarkGroup.Group,
        Avro.AvroBenchmarkGroup.Group,
        App.EndToEndBenchmark.Group,
    ];

    /// <summary>The groups named on the command line, in catalog order; every group when none is named.</summary>
    public static IReadOnlyList<BenchmarkGroup> Select(IEnumerable<string> args)
    {
        var requested = args.Where(a => !a.StartsWith('-')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = requested.Where(name => !Groups.Any(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown benchmark group(s): {string.Join(", ", unknown)}. Groups: {string.Join(", ", Groups.Select(g => g.Name))}.");
        return requested.Count == 0 ? Groups : Groups.Where(g => requested.Contains(g.Name)).ToList();
    }
}
