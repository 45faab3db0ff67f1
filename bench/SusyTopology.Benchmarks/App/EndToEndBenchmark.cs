using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using SusyTopology.App.Configuration;
using SusyTopology.App.Loading;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Avro.DevRegistry;
using SusyTopology.Avro.Serdes;
using SusyTopology.Events;
using SusyTopology.Kafka.Embedded;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Runtime;

namespace SusyTopology.Benchmarks.App;

/// <summary>
/// The whole SUSY topology on the embedded cluster with exactly_once_v2 (the API calls run; the mock broker gives them
/// no semantics), fed by the real loader from the bundled sample replayed with --loop: (1) throughput — the loader
/// produces as fast as it can while the app runs, and the figure is events / (first event seen → every event validated
/// and routed, every test event predicted); the single learner's own pace is recorded apart, since one sequential
/// learner (by design, see the README) trails the scoring path under a flood; (2) latency — the loader paced at
/// 10,000 events/s, p99 of event time → prediction.
/// </summary>
public static class EndToEndBenchmark
{
    public static BenchmarkGroup Group { get; } = new("app", Run);

    private static void Run(string[] args)
    {
        // Environment knobs (the bench's positional arguments are group names): SUSY_BENCH_APP_EVENTS, SUSY_BENCH_APP_REPLAY.
        var events = EnvValue("SUSY_BENCH_APP_EVENTS") ?? 200_000;
        var replay = EnvValue("SUSY_BENCH_APP_REPLAY");
        var throughput = Measure(events, rate: 0, replaySteps: replay);
        BenchResults.Record("app.e2e.eos.events_per_s", throughput.EventsPerSecond, "events/s");
        BenchResults.Record("app.e2e.eos.learner_records_per_s", throughput.LearnerRecordsPerSecond, "records/s");
        Console.WriteLine($"[app] {events:N0} events scored/routed in {throughput.Elapsed.TotalSeconds:N1} s; learner kept up: {throughput.LearnerCaughtUp}");

        var latency = Measure(100_000, rate: 10_000, replaySteps: replay);
        BenchResults.Record("app.e2e.p99_ms", latency.P99Ms, "ms");
        Console.WriteLine($"[app] at 10,000 events/s: p50 {latency.P50Ms:N1} ms, p99 {latency.P99Ms:N1} ms");
    }

    /// <summary><see cref="EventsPerSecond"/>: every event validated and routed, every test event predicted.
    /// <see cref="LearnerRecordsPerSecond"/>: the one learner's own pace, reported apart.</summary>
    private sealed record Result(double EventsPerSecond, TimeSpan Elapsed, double P50Ms, double P99Ms, bool LearnerCaughtUp,
        double LearnerRecordsPerSecond);

    private static Result Measure(long events, double rate, long? replaySteps)
    {
        var stateDir = Directory.CreateTempSubdirectory("susy-bench-").FullName;
        var settings = new Dictionary<string, string?>
        {
            [SusyConfiguration.ProfileKey] = SusyConfiguration.EmbeddedProfile,
            ["Streams:StateDir"] = stateDir,
            ["Streams:NumStreamThreads"] = "2",
            // 5 MiB per mock partition: enough partitions that unread events are not dropped while the app catches up.
            ["Kafka:Topics:susy-events"] = "32",
            ["Kafka:Topics:susy-predictions"] = "32",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Topology:PublishEveryRecords"] = Environment.GetEnvironmentVariable("SUSY_BENCH_APP_PUBLISH_EVERY") ?? "1024",
        };
        if (replaySteps is { } steps) settings["Topology:ReplayStepsPerBatch"] = steps.ToString();
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddInMemoryCollection(settings)
            .Build();
        var stack = EmbeddedAppStack.StartAsync(configuration).GetAwaiter().GetResult();
        try
        {
            return Measure(events, rate, configuration, stack);
        }
        finally
        {
            stack.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(stateDir, recursive: true);
        }
    }

    private static Result Measure(long events, double rate, IConfiguration configuration, EmbeddedAppStack stack)
    {
        var kafka = stack.Kafka;
        using var registry = kafka.CreateRegistryClient();
        using var counters = new TopologyCounters();
        using var streams = SusyStreams.Create(configuration, kafka, registry, counters, ProcessingGuarantee.ExactlyOnceV2,
            topicManager: new EmbeddedClusterTopicManager(stack.Cluster));
        var running = new ManualResetEventSlim();
        streams.SetStateListener((now, _) => { if (now == KafkaStreamsState.Running) running.Set(); });
        streams.Start();
        if (!running.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("The topology did not reach RUNNING.");

        LoadResult? loaded = null;
        var loader = Task.Run(() =>
        {
            using var producer = EventLoader.CreateProducer(kafka, registry, "bench-load");
            loaded = new EventLoader(producer, TimeProvider.System).Run(
                new LoadOptions { CsvPath = BundledSample.Path, Rows = events, Loop = true, Rate = rate }, null, CancellationToken.None);
        });

        var clock = Stopwatch.StartNew();
        TimeSpan? first = null;
        var deadline = TimeSpan.FromMinutes(10);
        while (clock.Elapsed < deadline)
        {
            Thread.Sleep(20);
            if (first == null && counters.Events > 0) first = clock.Elapsed;
            if (loader.IsFaulted) throw loader.Exception!;
            if (loaded is { } l && counters.Events + counters.Invalid >= l.Produced && counters.Predictions >= l.Test) break;
        }
        var scored = clock.Elapsed;
        // The single learner may lag the scoring path; wait until it has learned everything or stops progressing.
        var learnerCaughtUp = loaded != null && counters.TrainedRecords >= loaded.Train;
        var lastTrained = counters.TrainedRecords;
        var lastChange = clock.Elapsed;
        while (!learnerCaughtUp && clock.Elapsed < deadline && clock.Elapsed - lastChange < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(20);
            learnerCaughtUp = counters.TrainedRecords >= loaded!.Train;
            if (counters.TrainedRecords != lastTrained) (lastTrained, lastChange) = (counters.TrainedRecords, clock.Elapsed);
        }
        var done = learnerCaughtUp ? clock.Elapsed : lastChange;
        streams.Close(TimeSpan.FromSeconds(30));
        Console.WriteLine($"[app] scored everything after {(scored - first!.Value).TotalSeconds:N1} s, learned everything after {(done - first.Value).TotalSeconds:N1} s");
        Console.WriteLine($"[app] learner: {counters.TrainedRecords:N0} of {loaded!.Train:N0} training events learned " +
                          $"({counters.TrainedRecords / (done - first.Value).TotalSeconds:N0}/s)" +
                          (learnerCaughtUp ? "" : " — it fell behind and the mock broker's 5 MiB retention dropped the rest"));
        var elapsed = scored - first.Value;
        return new Result(events / elapsed.TotalSeconds, elapsed, counters.LatencyPercentile(50), counters.LatencyPercentile(99),
            learnerCaughtUp, counters.TrainedRecords / (done - first.Value).TotalSeconds);
    }

    private static long? EnvValue(string name) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : null;
}
