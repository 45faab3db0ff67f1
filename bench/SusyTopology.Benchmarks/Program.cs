using SusyTopology.Benchmarks;

// `susy-bench [group ...]`: runs the named benchmark groups (default: all) and records their figures in
// artifacts/bench/results.json. Groups register themselves in BenchmarkCatalog.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("usage: SusyTopology.Benchmarks [group ...]");
    Console.WriteLine("groups: " + string.Join(", ", BenchmarkCatalog.Groups.Select(g => g.Name)));
    return 0;
}
IReadOnlyList<BenchmarkGroup> groups;
try
{
    groups = BenchmarkCatalog.Select(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
foreach (var group in groups)
{
    Console.WriteLine($"== benchmark group {group.Name}");
    group.Run(args);
}
Console.WriteLine($"results: {BenchResults.DefaultPath}");
return 0;
