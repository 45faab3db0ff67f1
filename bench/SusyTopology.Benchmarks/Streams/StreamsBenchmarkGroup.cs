using SusyTopology.Streams.Runtime;

namespace SusyTopology.Benchmarks.Streams;

/// <summary>
/// The "streams" benchmark group: the streams runtime on the embedded cluster, 1,000,000 records of ~200 bytes
/// produced while the application runs, on 64-partition topics (the mock keeps ~5 MiB per partition). Records
/// passthrough at-least-once and exactly-once throughput, exactly-once p99 end-to-end latency (flat out, and paced at
/// 40,000 records/s for the recorded <c>streams.passthrough.eos.p99_ms</c>), and the windowed
/// count's exactly-once throughput. <c>--streams-records=N</c> changes the record count.
/// </summary>
public static class StreamsBenchmarkGroup
{
    public static BenchmarkGroup Group { get; } = new("streams", Run);

    private static void Run(string[] args)
    {
        var records = args.Select(a => a.StartsWith("--streams-records=", StringComparison.Ordinal)
            ? int.Parse(a["--streams-records=".Length..], System.Globalization.CultureInfo.InvariantCulture) : 0).Max();
        if (records <= 0) records = 1_000_000;
        using var bench = new StreamsThroughputBenchmark(records);
        // Warm-up (JIT, broker connections, the mock's first segments); not recorded.
        new StreamsThroughputBenchmark(Math.Min(records, 100_000)).RunAndDispose("warmup", StreamsBenchmarkTopologies.Passthrough,
            ProcessingGuarantee.AtLeastOnce);

        var alo = bench.Run("passthrough-alo", StreamsBenchmarkTopologies.Passthrough, ProcessingGuarantee.AtLeastOnce, measureLatency: false);
        BenchResults.Record("streams.passthrough.alo.records_per_s", alo.RecordsPerSecond, "records/s");

        var eos = bench.Run("passthrough-eos", StreamsBenchmarkTopologies.Passthrough, ProcessingGuarantee.ExactlyOnceV2, measureLatency: true);
        BenchResults.Record("streams.passthrough.eos.records_per_s", eos.RecordsPerSecond, "records/s");
        BenchResults.Record("streams.passthrough.eos.saturated_p99_ms", eos.P99Milliseconds, "ms");

        // End-to-end latency means something below saturation only: the same records, produced at a steady
        // 40,000/s (about half what the application sustains here), read back with read_committed.
        var paced = bench.Run("passthrough-eos-paced", StreamsBenchmarkTopologies.Passthrough, ProcessingGuarantee.ExactlyOnceV2,
            measureLatency: true, paceRecordsPerSecond: 40_000);
        BenchResults.Record("streams.passthrough.eos.p99_ms", paced.P99Milliseconds, "ms");

        var count = bench.Run("count-eos", StreamsBenchmarkTopologies.WindowedCount, ProcessingGuarantee.ExactlyOnceV2, measureLatency: false);
        BenchResults.Record("streams.count.eos.records_per_s", count.RecordsPerSecond, "records/s");
    }
}
