using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SusyTopology.Learning.Backends;

namespace SusyTopology.Benchmarks.Learning;

/// <summary>
/// The `learning` benchmark group: runs <see cref="LearningBenchmarks"/> with BenchmarkDotNet (in-process, so it
/// needs no separate build) and records records/s and bytes allocated per batch; then <see cref="LearnerBackendBenchmarks"/>,
/// the TorchSharp and SIMD backends side by side, as records/s and managed bytes per record.
/// </summary>
public static class LearningBenchmarkGroup
{
    public static BenchmarkGroup Group { get; } = new("learning", Run);

    internal static string SamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "sample", "susy-sample.csv.gz");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("data/sample/susy-sample.csv.gz not found above " + AppContext.BaseDirectory);
    }

    private static void Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var job = (quick ? Job.ShortRun : Job.Default)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(quick ? 3 : 8)
            .WithIterationCount(quick ? 5 : 15);
        var config = ManualConfig.CreateMinimumViable().AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summary = BenchmarkRunner.Run<LearningBenchmarks>(config);
        Record(summary, nameof(LearningBenchmarks.TrainBatch64), LearningBenchmarks.TrainBatch, "learning.train");
        Record(summary, nameof(LearningBenchmarks.Infer1024), LearningBenchmarks.InferBatch, "learning.infer");

        var backends = BenchmarkRunner.Run<LearnerBackendBenchmarks>(config);
        foreach (var report in backends.Reports)
        {
            var backend = (LearnerBackend)report.BenchmarkCase.Parameters[nameof(LearnerBackendBenchmarks.Backend)];
            RecordPerRecord(report, LearnerBackendBenchmarks.TrainBatch, $"learning.{LearnerBackends.Name(backend)}.train");
        }
    }

    private static void RecordPerRecord(BenchmarkReport report, int recordsPerOperation, string prefix)
    {
        if (report.ResultStatistics is null)
        {
            Console.Error.WriteLine($"[bench] {prefix}: no result (see the BenchmarkDotNet log above)");
            return;
        }
        BenchResults.Record($"{prefix}.records_per_s", recordsPerOperation / (report.ResultStatistics.Mean / 1e9), "records/s");
        var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        BenchResults.Record($"{prefix}.bytes_per_record", (double)bytes / recordsPerOperation, "bytes");
    }

    private static void Record(Summary summary, string method, int recordsPerOperation, string prefix)
    {
        var report = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
        if (report?.ResultStatistics is null)
        {
            Console.Error.WriteLine($"[bench] {method}: no result (see the BenchmarkDotNet log above)");
            return;
        }
        var seconds = report.ResultStatistics.Mean / 1e9;
        BenchResults.Record($"{prefix}.records_per_s", recordsPerOperation / seconds, "records/s");
        var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        BenchResults.Record($"{prefix}.bytes_per_batch", bytes, "bytes");
    }
}
