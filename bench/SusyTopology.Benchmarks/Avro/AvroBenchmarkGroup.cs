using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SusyTopology.Benchmarks.Avro;

/// <summary>
/// The "avro" benchmark group: runs <see cref="AvroSerdeBenchmarks"/> with a short in-process job (well under two
/// minutes) and records events/s and bytes allocated per event for the wire-format serializer and deserializer.
/// </summary>
public static class AvroBenchmarkGroup
{
    public static BenchmarkGroup Group { get; } = new("avro", Run);

    private static void Run(string[] args)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(8)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250));
        var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job).WithOptions(ConfigOptions.JoinSummary);
        var summary = BenchmarkRunner.Run<AvroSerdeBenchmarks>(config);

        Record(summary, nameof(AvroSerdeBenchmarks.Serialize), "avro.serialize");
        Record(summary, nameof(AvroSerdeBenchmarks.Deserialize), "avro.deserialize");
        Record(summary, nameof(AvroSerdeBenchmarks.DeserializeGeneric), "avro.deserialize_generic");
    }

    private static void Record(Summary summary, string method, string name)
    {
        var report = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
        if (report?.ResultStatistics is not { } stats)
        {
            Console.Error.WriteLine($"[bench] {method}: no result");
            return;
        }
        BenchResults.Record(name + ".events_per_s", 1e9 / stats.Mean, "events/s");
        BenchResults.Record(name + ".bytes_allocated_per_event", report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0, "bytes");
    }
}
