using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SusyTopology.Benchmarks.Scoring;

/// <summary>
/// The `scoring` benchmark group: <see cref="ScoringBenchmarks"/> with BenchmarkDotNet (in-process), recorded as
/// <c>scoring.ort.batch{1,256}.records_per_s</c> and bytes allocated per record.
/// </summary>
public static class ScoringBenchmarkGroup
{
    public static BenchmarkGroup Group { get; } = new("scoring", Run);

    internal static string SamplePath() => Learning.LearningBenchmarkGroup.SamplePath();

    private static void Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var job = (quick ? Job.ShortRun : Job.Default)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(quick ? 3 : 8)
            .WithIterationCount(quick ? 5 : 15);
        var config = ManualConfig.CreateMinimumViable().AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summary = BenchmarkRunner.Run<ScoringBenchmarks>(config);
        foreach (var report in summary.Reports)
        {
            var batch = (int)report.BenchmarkCase.Parameters[nameof(ScoringBenchmarks.Batch)];
            if (report.ResultStatistics is null)
            {
                Console.Error.WriteLine($"[bench] scoring batch {batch}: no result (see the BenchmarkDotNet log above)");
                continue;
            }
            BenchResults.Record($"scoring.ort.batch{batch}.records_per_s", batch / (report.ResultStatistics.Mean / 1e9), "records/s");
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            BenchResults.Record($"scoring.ort.batch{batch}.bytes_per_record", bytes / (double)batch, "bytes");
        }
    }
}
