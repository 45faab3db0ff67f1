using SusyTopology.Benchmarks;

// `susy-bench [group ...]`: runs the named benchmark groups (default: all) and records their figures in
// artifacts/bench/results.json. Groups register themselves in BenchmarkCatalog.
var requested = args.Where(a => !a.StartsWith('-')).ToHashSet(StringComparer.OrdinalIgnoreCase);
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("usage: SusyTopology.Benchmarks [group ...]");
    Console.WriteLine("groups: " + string.Join(", ", BenchmarkCatalog.Groups.Select(g => g.Name)));
    return 0;
}
foreach (var group in BenchmarkCatalog.Groups)
{
    if (requested.Count > 0 && !requested.Contains(group.Name)) continue;
    Console.WriteLine($"== benchmark group {group.Name}");
    group.Run(args);
}
Console.WriteLine($"results: {BenchResults.DefaultPath}");
return 0;
