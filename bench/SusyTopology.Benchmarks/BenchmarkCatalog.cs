namespace SusyTopology.Benchmarks;

/// <summary>A named group of benchmarks that records its figures through <see cref="BenchResults"/>.</summary>
public sealed record BenchmarkGroup(string Name, Action<string[]> Run);

/// <summary>Every benchmark group `make bench` runs, in order. Each library adds its group here.</summary>
public static class BenchmarkCatalog
{
    public static IReadOnlyList<BenchmarkGroup> Groups { get; } =
    [
        Learning.LearningBenchmarkGroup.Group,
        Avro.AvroBenchmarkGroup.Group,
        Streams.StreamsBenchmarkGroup.Group,
        App.EndToEndBenchmark.Group,
    ];
}
