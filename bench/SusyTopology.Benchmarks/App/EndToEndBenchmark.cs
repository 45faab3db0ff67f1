using System.Diagnostics;
using Confluent.Kafka;
using Confluent.SchemaRegistry.Serdes;
using Microsoft.Extensions.Configuration;
using Streamiz.Kafka.Net;
using SusyTopology.App.Configuration;
using SusyTopology.App.Loading;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Avro.Confluent;
using SusyTopology.Avro.DevRegistry;
using SusyTopology.Events;
using SusyTopology.Kafka.Embedded;

namespace SusyTopology.Benchmarks.App;

/// <summary>
/// The whole SUSY topology on Streamiz and the embedded cluster with at_least_once (SUSY_BENCH_APP_EOS=1: exactly-once,
/// whose API calls run but get no semantics from the mock broker), on the app's own partition counts, fed by the real
/// loader from the bundled sample replayed with --loop. (1) Throughput, measured the way
/// Kafka's own streams benchmarks do: the events are loaded first (the loader's rate is recorded apart), then the app
/// drains them; the figure is events / (first event seen → every event validated and routed, every test event
/// predicted and every training event learned). (2) Latency: the loader paced at 5,000 events/s for 20 s while the app
/// runs; p50/p99 of event time → prediction in the steady state: from 2 s after the app has caught up with the cold
/// start (a first model published, the test events held until then scored) to the end. The cold start is reported
/// apart: test events that arrive before any model exists are held and scored late, by design.
/// </summary>
public static class EndToEndBenchmark
{
    public static BenchmarkGroup Group { get; } = new("app", Run);

    private static void Run(string[] args)
    {
        // Environment knobs (the bench's positional arguments are group names): SUSY_BENCH_APP_EVENTS, SUSY_BENCH_APP_REPLAY,
        // SUSY_BENCH_APP_WARMUP (events per warm-up run), SUSY_BENCH_APP_WARMUP_RUNS, SUSY_BENCH_APP_SKIP_LATENCY=1,
        // SUSY_BENCH_APP_LOG=1 (runtime logs and a 100 ms trace of the drain), SUSY_BENCH_APP_ALLOC=1 (allocations by type).
        // The mock broker keeps ~5 MiB per partition: the one-partition train repartition topic holds ~25,000 unread
        // training events, so a preloaded run of 40,000 events (24,000 for the learner) loses none of them.
        var events = EnvValue("SUSY_BENCH_APP_EVENTS") ?? 40_000;
        var eos = Environment.GetEnvironmentVariable("SUSY_BENCH_APP_EOS") == "1";
        var prefix = eos ? "app.e2e.eos" : "app.e2e";
        var replay = EnvValue("SUSY_BENCH_APP_REPLAY");
        // Warm-up, as BenchmarkDotNet does for kernels: smaller runs on stacks of their own, so that the measured run
        // is not also timing the JIT (tier-0 code and its tier-1 recompilation took ~10 % of the CPU of a cold run).
        // Two of them: code run once per stack (building tasks, stores, clients) reaches the tier-1 call count only in
        // the second, and compiling ~900 such methods took ~7 % of the CPU in the measured window after just one.
        var warmUps = EnvValue("SUSY_BENCH_APP_WARMUP_RUNS") ?? 2;
        for (var i = 1; i <= warmUps; i++)
        {
            Console.WriteLine($"[app] warm-up run {i} of {warmUps} (not recorded)");
            Measure(EnvValue("SUSY_BENCH_APP_WARMUP") ?? events, rate: 0, replaySteps: replay, eos);
        }
        using var allocations = Environment.GetEnvironmentVariable("SUSY_BENCH_APP_ALLOC") == "1" ? new AllocationSampler() : null;
        var throughput = Measure(events, rate: 0, replaySteps: replay, eos);
        allocations?.Print(Console.Out);
        if (throughput.LearnerCaughtUp) BenchResults.Record($"{prefix}.events_per_s", throughput.EventsPerSecond, "events/s");
        BenchResults.Record($"{prefix}.scored_events_per_s", throughput.ScoredEventsPerSecond, "events/s");
        BenchResults.Record($"{prefix}.learner_records_per_s", throughput.LearnerRecordsPerSecond, "records/s");
        BenchResults.Record("app.load.events_per_s", throughput.LoadEventsPerSecond, "events/s");
        Console.WriteLine(throughput.LearnerCaughtUp
            ? $"[app] {events:N0} preloaded events: all routed, predicted and learned in {throughput.Elapsed.TotalSeconds:N1} s"
            : $"[app] {events:N0} preloaded events: the learner did not learn them all — no end-to-end figure recorded");

        if (Environment.GetEnvironmentVariable("SUSY_BENCH_APP_SKIP_LATENCY") == "1") return;
        var latency = Measure(100_000, rate: LatencyRate, replaySteps: replay, eos);
        BenchResults.Record($"{prefix}.p99_ms", latency.P99Ms, "ms");
        BenchResults.Record($"{prefix}.p50_ms", latency.P50Ms, "ms");
        BenchResults.Record($"{prefix}.cold_start_p99_ms", latency.ColdP99Ms, "ms");
        Console.WriteLine($"[app] at {LatencyRate:N0} events/s, steady state: p50 {latency.P50Ms:N1} ms, p99 {latency.P99Ms:N1} ms; " +
                          $"cold start (held events included): p99 {latency.ColdP99Ms:N1} ms");
    }

    /// <summary><see cref="EventsPerSecond"/>: every event validated and routed, every test event predicted.
    /// <see cref="LearnerRecordsPerSecond"/>: the one learner's own pace, reported apart.</summary>
    private sealed record Result(double EventsPerSecond, TimeSpan Elapsed, double P50Ms, double P99Ms, bool LearnerCaughtUp,
        double LearnerRecordsPerSecond, double ScoredEventsPerSecond, double LoadEventsPerSecond, double ColdP99Ms);

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private const double LatencyRate = 5_000;

    private static Result Measure(long events, double rate, long? replaySteps, bool eos)
    {
        var stateDir = Directory.CreateTempSubdirectory("susy-bench-").FullName;
        var settings = new Dictionary<string, string?>
        {
            [SusyConfiguration.ProfileKey] = SusyConfiguration.EmbeddedProfile,
            ["Streams:StateDir"] = stateDir,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Topology:PublishEveryRecords"] = Environment.GetEnvironmentVariable("SUSY_BENCH_APP_PUBLISH_EVERY") ?? "1024",
        };
        if (replaySteps is { } steps) settings["Topology:ReplayStepsPerBatch"] = steps.ToString();
        // Any other setting, for experiments: SUSY_BENCH_APP_SET="Streams:NumStreamThreads=2;Topology:CatchUpLag=5000".
        foreach (var pair in (Environment.GetEnvironmentVariable("SUSY_BENCH_APP_SET") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0) settings[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
        }
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddInMemoryCollection(settings)
            .Build();
        var stack = EmbeddedAppStack.StartAsync(configuration).GetAwaiter().GetResult();
        try
        {
            return Measure(events, rate, configuration, stack, eos ? ProcessingGuarantee.EXACTLY_ONCE : ProcessingGuarantee.AT_LEAST_ONCE);
        }
        finally
        {
            stack.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(stateDir, recursive: true);
        }
    }

    private static Result Measure(long events, double rate, IConfiguration configuration, EmbeddedAppStack stack, ProcessingGuarantee guarantee)
    {
        var kafka = stack.Kafka;
        using var registry = kafka.CreateRegistryClient();
        using var counters = new TopologyCounters();
        LoadResult? loaded = null;
        var loadSeconds = double.NaN;
        long producedSoFar = 0;
        void Load()
        {
            using var producer = EventLoader.CreateProducer(kafka, registry, "bench-load");
            var started = Stopwatch.StartNew();
            loaded = new EventLoader(producer, TimeProvider.System).Run(
                new LoadOptions { CsvPath = BundledSample.Path, Rows = events, Loop = true, Rate = rate },
                produced => Interlocked.Exchange(ref producedSoFar, produced), CancellationToken.None);
            loadSeconds = started.Elapsed.TotalSeconds;
        }

        // Throughput: load first, then drain. Latency: the paced loader runs while the app does.
        var preload = rate <= 0;
        if (preload) Load();
        using var app = SusyStreams.Create(configuration, kafka, registry, counters, guarantee,
            // SUSY_BENCH_APP_LOG=1: the runtime's log lines (levels from Logging:LogLevel, e.g. via SUSY_BENCH_APP_SET) with timestamps.
            loggers: Environment.GetEnvironmentVariable("SUSY_BENCH_APP_LOG") == "1" ? AppLogging.Create(configuration) : null);
        var running = new ManualResetEventSlim();
        app.Stream.StateChanged += (_, now) => { if (now == KafkaStream.State.RUNNING) running.Set(); };
        app.Stream.StartAsync().GetAwaiter().GetResult();
        if (!running.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("The topology did not reach RUNNING.");
        if (preload) Console.WriteLine($"[app] {DateTime.UtcNow:HH:mm:ss.fff} running; draining the preloaded events");
        var loader = preload ? Task.CompletedTask : Task.Run(Load);

        var clock = Stopwatch.StartNew();
        TimeSpan? first = null, firstModel = null, firstLearned = null;
        var cost = ProcessCost.Now();
        long learnedAtFirstModel = 0, eventsAtFirstModel = 0;
        var deadline = TimeSpan.FromMinutes(10);
        var trace = Environment.GetEnvironmentVariable("SUSY_BENCH_APP_LOG") == "1";
        var nextReport = TimeSpan.FromSeconds(preload ? 0 : 1);
        var coldP99 = double.NaN;
        TimeSpan? caughtUp = null;
        while (clock.Elapsed < deadline)
        {
            Thread.Sleep(5);
            if ((!preload || trace) && clock.Elapsed >= nextReport)
            {
                nextReport += preload ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1);
                Console.WriteLine($"[app] t={clock.Elapsed.TotalSeconds:N1} s: events {counters.Events:N0}, predictions {counters.Predictions:N0}, " +
                                  $"held {counters.HeldUnscored:N0}, learned {counters.TrainedRecords:N0} (replay {counters.ReplaySteps}), model v{counters.LastModelVersion}, " +
                                  $"p50 {counters.LatencyPercentile(50):N1} ms, p99 {counters.LatencyPercentile(99):N1} ms");
            }
            if (first == null && counters.Events > 0) { first = clock.Elapsed; cost = ProcessCost.Now(); if (trace) Console.WriteLine($"[app] {DateTime.UtcNow:HH:mm:ss.fff} first event"); }
            if (firstModel == null && counters.LastModelVersion > 0) (firstModel, learnedAtFirstModel, eventsAtFirstModel) = (clock.Elapsed, counters.TrainedRecords, counters.Events);
            if (firstLearned == null && counters.TrainedRecords > 0) firstLearned = clock.Elapsed;
            // Caught up: a model exists, the held test events are scored, the app is within 0.2 s of the loader, and
            // the loader is on its schedule (one that stalled in the cold start's CPU burst sends its arrears in a
            // burst the app then queues); all of it continuously for Settle, or the wait starts again.
            if (!preload && double.IsNaN(coldP99))
            {
                var produced = Interlocked.Read(ref producedSoFar);
                var onSchedule = produced + 2_000 >= rate * clock.Elapsed.TotalSeconds;
                var inStep = counters.LastModelVersion > 0 && counters.Predictions + 100 >= counters.TestEvents &&
                             counters.Events + counters.Invalid + 2_000 >= produced && onSchedule;
                caughtUp = inStep ? caughtUp ?? clock.Elapsed : null;
            }
            if (caughtUp is { } settled && double.IsNaN(coldP99) && clock.Elapsed - settled >= Settle)
            {
                coldP99 = counters.LatencyPercentile(99);
                counters.ResetLatencies(); // steady state from here
                Console.WriteLine($"[app] t={clock.Elapsed.TotalSeconds:N1} s: cold start over (cold p99 {coldP99:N1} ms); measuring the steady state");
            }
            if (loader.IsFaulted) throw loader.Exception!;
            if (loaded is { } l && counters.Events + counters.Invalid >= l.Produced && counters.Predictions >= l.Test) break;
        }
        var scored = clock.Elapsed;
        // The single learner may trail the scoring path; wait until it has learned everything or stops progressing.
        var learnerCaughtUp = loaded != null && counters.TrainedRecords >= loaded.Train;
        var lastTrained = counters.TrainedRecords;
        var lastChange = clock.Elapsed;
        while (!learnerCaughtUp && clock.Elapsed < deadline && clock.Elapsed - lastChange < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(5);
            learnerCaughtUp = counters.TrainedRecords >= loaded!.Train;
            if (counters.TrainedRecords != lastTrained) (lastTrained, lastChange) = (counters.TrainedRecords, clock.Elapsed);
        }
        var done = learnerCaughtUp ? clock.Elapsed : lastChange;
        var spent = ProcessCost.Now() - cost;
        var catchUps = counters.CatchUps;
        app.Dispose();
        if (first is { } f && firstModel is { } m && firstLearned is { } fl)
            Console.WriteLine($"[app] first record learned after {(fl - f).TotalSeconds:N2} s; first model after {(m - f).TotalSeconds:N2} s " +
                              $"(learned {learnedAtFirstModel:N0}, events routed {eventsAtFirstModel:N0})");
        Console.WriteLine($"[app] scored everything after {(scored - first!.Value).TotalSeconds:N1} s, learned everything after {(done - first.Value).TotalSeconds:N1} s; {counters.HeldUnscored:N0} test events held until the first model");
        Console.WriteLine($"[app] learner: {counters.TrainedRecords:N0} of {loaded!.Train:N0} training events learned " +
                          $"({counters.TrainedRecords / (done - first.Value).TotalSeconds:N0}/s, {counters.OptimizerSteps:N0} optimiser steps, caught up with a backlog {catchUps} time(s))" +
                          (learnerCaughtUp ? "" : " — it fell behind and the mock broker's 5 MiB retention dropped the rest"));
        var (checkpoints, checkpointTime) = counters.LearnerCheckpoints;
        Console.WriteLine($"[app] learner checkpoints: {checkpoints:N0}, {checkpointTime.TotalMilliseconds:N1} ms in all " +
                          $"({(checkpoints > 0 ? checkpointTime.TotalMilliseconds / checkpoints : 0):N1} ms each, " +
                          $"{checkpointTime.TotalSeconds / Math.Max(1e-9, (done - first!.Value).TotalSeconds):P1} of the run)");
        Console.WriteLine($"[app] process: {spent.CpuSeconds:N2} CPU-s ({spent.CpuSeconds * 1e6 / events:N1} µs/event), " +
                          $"{spent.AllocatedBytes / (double)events:N0} B allocated/event, {spent.Gen0Collections} gen0 / {spent.Gen2Collections} gen2 GCs, " +
                          $"{spent.JitCompiledMethods:N0} methods JIT-compiled");
        if (preload) Console.WriteLine($"[app] loader: {loaded.Produced:N0} events in {loadSeconds:N1} s ({loaded.Produced / loadSeconds:N0}/s)");
        var elapsed = done - first.Value;
        return new Result(events / elapsed.TotalSeconds, elapsed, counters.LatencyPercentile(50), counters.LatencyPercentile(99),
            learnerCaughtUp, counters.TrainedRecords / elapsed.TotalSeconds, events / (scored - first.Value).TotalSeconds,
            preload ? loaded.Produced / loadSeconds : double.NaN, coldP99);
    }

    /// <summary>What the whole process spent: CPU of all its threads (ours, librdkafka's, the JIT's, the GC's), bytes
    /// allocated, collections and methods compiled — read at the first event and at the end of the drain.</summary>
    private readonly record struct ProcessCost(double CpuSeconds, long AllocatedBytes, int Gen0Collections, int Gen2Collections, long JitCompiledMethods)
    {
        public static ProcessCost Now() => new(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, GC.GetTotalAllocatedBytes(),
            GC.CollectionCount(0), GC.CollectionCount(2), System.Runtime.JitInfo.GetCompiledMethodCount());

        public static ProcessCost operator -(ProcessCost a, ProcessCost b) => new(a.CpuSeconds - b.CpuSeconds, a.AllocatedBytes - b.AllocatedBytes,
            a.Gen0Collections - b.Gen0Collections, a.Gen2Collections - b.Gen2Collections, a.JitCompiledMethods - b.JitCompiledMethods);
    }

    private static long? EnvValue(string name) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : null;
}
