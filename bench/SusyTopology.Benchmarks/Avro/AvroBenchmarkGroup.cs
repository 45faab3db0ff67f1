using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SusyTopology.Benchmarks.Avro;

/// <summary>
/// The "avro" benchmark group: runs <see cref="AvroSerdeBenchmarks"/> with a short in-process job (well under two
/// minutes) and records events/s, µs and bytes allocated per event for Confluent's Avro serdes (on the calling thread
/// and through sync-over-async) and the internal topics' direct codec.
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

        Record(summary, nameof(AvroSerdeBenchmarks.ConfluentSerialize), "avro.confluent.serialize");
        Record(summary, nameof(AvroSerdeBenchmarks.ConfluentDeserialize), "avro.confluent.deserialize");
        Record(summary, nameof(AvroSerdeBenchmarks.ConfluentSerializeSyncOverAsync), "avro.confluent_sync_over_async.serialize");
        Record(summary, nameof(AvroSerdeBenchmarks.ConfluentDeserializeSyncOverAsync), "avro.confluent_sync_over_async.deserialize");
        Record(summary, nameof(AvroSerdeBenchmarks.MemoizedSerialize), "avro.confluent_memoized.serialize");
        Record(summary, nameof(AvroSerdeBenchmarks.MemoizedDeserialize), "avro.confluent_memoized.deserialize");
        Record(summary, nameof(AvroSerdeBenchmarks.DirectSerialize), "avro.direct.serialize");
        Record(summary, nameof(AvroSerdeBenchmarks.DirectDeserialize), "avro.direct.deserialize");
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
        BenchResults.Record(name + ".us_per_event", stats.Mean / 1e3, "µs");
        BenchResults.Record(name + ".bytes_allocated_per_event", report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0, "bytes");
    }
}
