using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using SusyTopology.App.Configuration;
using SusyTopology.App.Evaluation;
using SusyTopology.App.Loading;
using SusyTopology.App.Running;
using SusyTopology.Avro.Confluent;
using SusyTopology.Events;
using SusyTopology.Kafka.Embedded.Faults;
using Xunit.Abstractions;

namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>
/// The README's fault run: the bundled sample (8,998 events, 60/40) streamed at 600 events/s into a 3-broker embedded
/// cluster while one real `susy run` process (the `make run` settings: two stream threads, 8 event partitions,
/// at_least_once) consumes it, and the standard fault schedule — request errors on JoinGroup, Fetch, Produce,
/// OffsetCommit, Heartbeat and SyncGroup, the events topic's leaders moved, the group coordinator down for 3 s, then for
/// 8 s (longer than the session timeout: the group rebalances) — is applied to the cluster.
/// The app must come through by itself: no restart, a clean exit, every TEST event predicted, every TRAIN event in the
/// learner's final snapshot, nothing dead-lettered.
/// </summary>
[Collection(EmbeddedClusterCollection.Name)]
public class FaultRunTests(ITestOutputHelper output)
{
    private const double LoadRate = 600; // events/s: the sample streams for 15 s, through the whole schedule
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(110);

    // `make run`'s: an outage that holds the input back for longer (8 s of coordinator down, then ~11 s until the group
    // rebalanced) must not pass for drained input (TopologyRunner asks the group's committed offsets before it stops).
    private const string IdleSeconds = "10";

    [Fact]
    public async Task Through_the_standard_faults_the_app_predicts_every_TEST_event_and_learns_every_TRAIN_event_without_a_restart()
    {
        var configuration = EmbeddedConfiguration.With();
        await using var stack = await EmbeddedAppStack.StartAsync(configuration, brokers: 3);
        var schedule = FaultSchedule.Standard("susy-events", "susy-topology");
        var injector = new FaultInjector(stack.Cluster, schedule, TimeProvider.System);
        using var stop = new CancellationTokenSource(RunLimit);
        var injectedSoFar = new ConcurrentQueue<InjectedFault>();
        var faults = Task.Run(async () =>
        {
            await FirstRecord.WaitAsync(stack.Kafka.BootstrapServers, "susy-events", stack.Cluster.Topics["susy-events"], TimeProvider.System, stop.Token);
            return await injector.RunAsync(f =>
            {
                injectedSoFar.Enqueue(f);
                output.WriteLine($"fault +{f.At.TotalSeconds:0.000} s {f.What}");
            }, stop.Token);
        });

        var summaryPath = Path.Combine(Directory.CreateTempSubdirectory("susy-faults-").FullName, "summary.json");
        var log = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        using var run = StartSusyRun(stack, log, "--until-idle", IdleSeconds, "--summary-json", summaryPath);
        // Events stream in once the app runs, so that the faults meet it while it processes them (started together, the
        // app's JIT and first rebalance took 7 s: half the schedule would have hit an app not yet consuming).
        while (!log.Any(l => l.Contains("-> RUNNING", StringComparison.Ordinal)))
        {
            Assert.False(run.HasExited, "susy run exited before it was running: " + string.Join('\n', log));
            await Task.Delay(100, stop.Token);
        }
        output.WriteLine($"susy run running after {clock.Elapsed.TotalSeconds:F1} s");
        using var registry = stack.Kafka.CreateRegistryClient();
        var loaded = await Task.Run(() =>
        {
            using var producer = EventLoader.CreateProducer(stack.Kafka, registry, "faults-load");
            return new EventLoader(producer, TimeProvider.System).Run(
                new LoadOptions { CsvPath = BundledSample.Path, Rate = LoadRate }, null, stop.Token);
        });
        Assert.Equal(8_998, loaded.Produced);

        var exited = await ExitsWithinAsync(run, stop.Token);
        output.WriteLine($"susy run {(exited ? $"exited with {run.ExitCode}" : "was killed")} after {clock.Elapsed.TotalSeconds:F1} s; its log:");
        foreach (var line in log) output.WriteLine(line);
        Assert.True(exited, $"susy run did not finish within {RunLimit.TotalSeconds:0} s of its start through the faults " +
                            $"(faults applied so far: {string.Join("; ", injectedSoFar.Select(f => f.What))}; the test output holds its log)");
        Assert.Equal(0, run.ExitCode); // the topology never failed: it recovered from every fault by itself
        var applied = await faults;
        Assert.Equal(schedule.WithFinalLift().Count + schedule.Steps.Count(s => s.Fault is BrokerDown), applied.Count);
        Assert.StartsWith("lift", applied[^1].What);

        var (testIds, trainEvents, distinctEvents) = LoadedEvents(stack, registry);
        Assert.Equal(loaded.Produced, distinctEvents); // the loader's idempotent producer lost and doubled nothing
        Assert.Equal(loaded.Train, trainEvents);
        var predictions = PredictionIds(stack, registry);
        var predicted = predictions.ToHashSet();
        Assert.Empty(testIds.Except(predicted)); // every TEST event has a prediction
        Assert.Empty(predicted.Except(testIds));
        Assert.Equal(0, DeadLetters(stack)); // no event dead-lettered because of the faults
        var final = TrainingTopics.Models(stack, TimeSpan.FromSeconds(2))[^1];
        Assert.Equal(loaded.Train, final.TrainedRecords); // the final snapshot learned every TRAIN event, each once

        var summary = JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(summaryPath))!;
        output.WriteLine($"{predictions.Count} prediction records for {testIds.Count} TEST events ({predictions.Count - predicted.Count} duplicates); " +
                         $"final snapshot v{final.Version}: {final.TrainedRecords} records for {loaded.Train} TRAIN events; " +
                         $"summary: {summary.PredictedTestEvents} predicted, {summary.DuplicatePredictions} duplicates, accuracy {summary.FinalModelAccuracy:P2}; " +
                         $"{log.Count(l => l.Contains("-> REBALANCING", StringComparison.Ordinal))} rebalance(s) logged");
        Assert.Equal(testIds.Count, summary.PredictedTestEvents);
        Assert.Equal(predictions.Count - predicted.Count, summary.DuplicatePredictions);
    }

    /// <summary>The app's own binary (beside the tests) on the test's cluster, with `make run`'s settings.</summary>
    private static Process StartSusyRun(EmbeddedAppStack stack, ConcurrentQueue<string> log, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "susy.dll"), "run", "--no-metrics" },
            WorkingDirectory = Directory.CreateTempSubdirectory("susy-faults-cwd-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["KAFKA_BOOTSTRAP_SERVERS"] = stack.Kafka.BootstrapServers;
        start.Environment["SCHEMA_REGISTRY_URL"] = stack.Kafka.SchemaRegistryUrl;
        start.Environment[SusyConfiguration.ProfileVariable] = SusyConfiguration.EmbeddedProfile;
        start.Environment["SUSY_CLUSTER_ENV"] = Path.Combine(start.WorkingDirectory, "none.env");
        start.Environment["SUSY_Streams__StateDir"] = Path.Combine(start.WorkingDirectory, "state");
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start susy run");
        process.OutputDataReceived += (_, e) => { if (e.Data != null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> ExitsWithinAsync(Process process, CancellationToken limit)
    {
        try
        {
            await process.WaitForExitAsync(limit);
            return true;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return false;
        }
    }

    private static (HashSet<long> TestIds, long TrainEvents, long DistinctEvents) LoadedEvents(EmbeddedAppStack stack, ISchemaRegistryClient registry)
    {
        var events = TopicReader.ReadAll(stack.Kafka.Consumer("faults-verify-" + Guid.NewGuid().ToString("N"), "faults-verify"), "susy-events",
                Deserializers.ByteArray, new InlineDeserializer<SusyEvent>(new AvroDeserializer<SusyEvent>(registry)), TimeSpan.FromSeconds(2))
            .Select(r => r.Message.Value).ToList();
        return (events.Where(e => e.Split == Split.TEST).Select(e => e.EventId).ToHashSet(), events.Count(e => e.Split == Split.TRAIN),
            events.Select(e => e.EventId).Distinct().Count());
    }

    /// <summary>The event id of every prediction record, read with Confluent's own deserializer.</summary>
    private static List<long> PredictionIds(EmbeddedAppStack stack, ISchemaRegistryClient registry) =>
        TopicReader.ReadAll(stack.Kafka.Consumer("faults-verify-" + Guid.NewGuid().ToString("N"), "faults-verify"), "susy-predictions",
                Deserializers.Utf8, new InlineDeserializer<Prediction>(new AvroDeserializer<Prediction>(registry)), TimeSpan.FromSeconds(2))
            .Select(r => r.Message.Value.EventId).ToList();

    private static long DeadLetters(EmbeddedAppStack stack)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(stack.Kafka.Consumer("faults-dead-letters", "faults-dead-letters")).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition("susy-dead-letter", 0), TimeSpan.FromSeconds(10)).High.Value;
    }
}
