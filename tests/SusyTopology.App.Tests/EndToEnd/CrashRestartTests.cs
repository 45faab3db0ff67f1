using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using SusyTopology.App.Configuration;
using SusyTopology.App.Evaluation;
using SusyTopology.App.Loading;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Avro.Confluent;
using SusyTopology.Events;
using SusyTopology.Learning.Data;
using SusyTopology.State;
using Xunit.Abstractions;

namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>
/// Real `susy run` processes killed with SIGKILL under at_least_once, then restarted. The restarted app is redelivered
/// what was not committed: the learner must skip the records of its input its restored state already holds, and the
/// events that the validation step routes to it a second time under new offsets (it knows them by their events-topic
/// origin); the predictions topic may hold duplicates but must cover every TEST event, and the run summary must count
/// both.
/// </summary>
[Collection(EmbeddedClusterCollection.Name)]
public class CrashRestartTests(ITestOutputHelper output)
{
    private const int TrainEvents = 2_000;

    [Fact]
    public async Task A_learner_killed_before_its_commit_learns_each_event_once_after_the_restart()
    {
        await using var stack = await EmbeddedAppStack.StartAsync(Configuration());
        TrainingTopics.ProduceTrainEvents(stack, SusyCsv.ReadRows(BundledSample.Path).Take(TrainEvents), firstId: 1);

        using (var killed = StartSusyRun(stack, CommitOnceAnHour, 1))
        {
            var published = Stopwatch.StartNew();
            while (TrainingTopics.Models(stack, TimeSpan.FromSeconds(2)).Count == 0)
            {
                Assert.False(killed.HasExited, "susy run exited before it published a model");
                Assert.True(published.Elapsed < TimeSpan.FromSeconds(60), "susy run published no model in 60 s");
                await Task.Delay(100);
            }
            await Task.Delay(500); // the journal groups sent beside the first snapshot
            await killed.KillAsync(); // SIGKILL: no commit, no close
        }
        var learnedBeforeKill = TrainingTopics.Models(stack, TimeSpan.FromSeconds(2))[^1].TrainedRecords;
        Assert.True(learnedBeforeKill > 0);

        using var registry = stack.Kafka.CreateRegistryClient();
        using var counters = new TopologyCounters();
        var configuration = new ConfigurationBuilder().AddConfiguration(Configuration())
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Streams:StateDir"] = Directory.CreateTempSubdirectory("susy-crash-").FullName })
            .Build();
        using (var app = SusyStreams.Create(configuration, stack.Kafka, registry, counters, ProcessingGuarantee.AT_LEAST_ONCE, new TestOutputLoggerFactory(output)))
        {
            var outcome = new TopologyRunner(app, counters, NullLogger.Instance).Run(TimeSpan.FromSeconds(4), null,
                new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
            Assert.False(outcome.Failed, outcome.Failure?.ToString());
        }

        // Nothing was committed, so every event was routed to the learner again: the restored state's records (at least
        // the journal groups behind the snapshot seen before the kill) come back on its input and as re-routed events.
        var learnerInput = LearnerInputRecords(stack);
        Assert.True(learnerInput > TrainEvents, $"{learnerInput} records routed to the learner for {TrainEvents} training events: nothing was routed twice");
        Assert.True(counters.Redelivered >= learnedBeforeKill - JournaledState.GroupEntries,
            $"{counters.Redelivered} records skipped; the restored state held at least {learnedBeforeKill - JournaledState.GroupEntries}");
        Assert.Equal(TrainEvents, TrainingTopics.Models(stack, TimeSpan.FromSeconds(2))[^1].TrainedRecords); // each event learned exactly once
    }

    [Fact]
    public async Task Killed_at_three_points_and_restarted_every_TEST_event_is_predicted_and_every_TRAIN_event_learned_once()
    {
        await using var stack = await EmbeddedAppStack.StartAsync(Configuration(Partitions));
        using var registry = stack.Kafka.CreateRegistryClient();
        // Events arrive while the app runs, is killed and restarts: the kills fall in the middle of the stream.
        var loading = Task.Run(() =>
        {
            using var producer = EventLoader.CreateProducer(stack.Kafka, registry, "crash-load");
            return new EventLoader(producer, TimeProvider.System).Run(
                new LoadOptions { CsvPath = BundledSample.Path, Rows = LoadedEvents, Rate = LoadRate }, null, CancellationToken.None);
        });

        await KillAsync(StartSusyRun(stack, CommitEverySecond, Partitions), "the first model",
            () => TrainingTopics.Models(stack, TimeSpan.FromSeconds(1)).Count > 0);
        var afterFirstKill = PredictionIds(stack, registry).Count;
        await KillAsync(StartSusyRun(stack, CommitEverySecond, Partitions), "new predictions after the restart",
            () => PredictionIds(stack, registry).Count > afterFirstKill);
        var loaded = await loading;
        var snapshotsBefore = TrainingTopics.Models(stack, TimeSpan.FromSeconds(1)).Count;
        await KillAsync(StartSusyRun(stack, CommitEverySecond, Partitions), "a new snapshot after the restart",
            () => TrainingTopics.Models(stack, TimeSpan.FromSeconds(1)).Count > snapshotsBefore);

        var summaryPath = Path.Combine(Directory.CreateTempSubdirectory("susy-crash-summary-").FullName, "summary.json");
        using (var final = StartSusyRun(stack, CommitEverySecond, Partitions, "--until-idle", "5", "--summary-json", summaryPath))
        {
            Assert.True(await final.ExitsWithinAsync(TimeSpan.FromMinutes(2)), "the final susy run did not finish in 2 minutes");
            Assert.Equal(0, final.ExitCode);
        }

        var (testIds, trainEvents) = LoadedEventIds(stack, registry);
        Assert.Equal(loaded.Train, trainEvents);
        Assert.Equal(loaded.Test, testIds.Count);
        var predictions = PredictionIds(stack, registry);
        var distinct = predictions.ToHashSet();
        Assert.Empty(testIds.Except(distinct)); // every TEST event has a prediction
        Assert.Empty(distinct.Except(testIds));
        Assert.Equal(loaded.Train, TrainingTopics.Models(stack, TimeSpan.FromSeconds(2))[^1].TrainedRecords); // each TRAIN event learned once

        var summary = JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(summaryPath))!;
        output.WriteLine($"{predictions.Count} prediction records for {testIds.Count} TEST events; summary: {summary.PredictedTestEvents} predicted, "
            + $"{summary.DuplicatePredictions} duplicates, {summary.UnpredictedTestEvents} unpredicted, {summary.TestEventIdCollisions} id collisions");
        Assert.Equal(testIds.Count, summary.PredictedTestEvents);
        Assert.Equal(predictions.Count - distinct.Count, summary.DuplicatePredictions);
        Assert.Equal(0, summary.UnpredictedTestEvents);
        Assert.Equal(0, summary.TestEventIdCollisions);
    }

    private const int LoadedEvents = 4_000, Partitions = 4; // partitions interleave on the learner's input

    private const double LoadRate = 500; // events/s: the load lasts 8 s
    private const string CommitOnceAnHour = "3600000", CommitEverySecond = "1000";

    /// <summary>Waits for <paramref name="point"/> (the process must still be running), then SIGKILLs it.</summary>
    private async Task KillAsync(SusyRunProcess process, string point, Func<bool> reached)
    {
        using (process)
        {
            var started = Stopwatch.StartNew();
            while (!reached())
            {
                Assert.False(process.HasExited, $"susy run exited before {point}");
                Assert.True(started.Elapsed < TimeSpan.FromSeconds(90), $"susy run did not reach {point} in 90 s");
                await Task.Delay(100);
            }
            await process.KillAsync(); // SIGKILL: no commit, no close
            output.WriteLine($"killed after {started.Elapsed.TotalSeconds:F1} s at {point}");
        }
    }

    /// <summary>The event id of every prediction record, read with Confluent's own deserializer.</summary>
    private static List<long> PredictionIds(EmbeddedAppStack stack, ISchemaRegistryClient registry) =>
        TopicReader.ReadAll(stack.Kafka.Consumer("crash-verify-" + Guid.NewGuid().ToString("N"), "crash-verify"), "susy-predictions",
                Deserializers.Utf8, new InlineDeserializer<Prediction>(new AvroDeserializer<Prediction>(registry)), TimeSpan.FromSeconds(1))
            .Select(r => r.Message.Value.EventId).ToList();

    private static (HashSet<long> TestIds, long TrainEvents) LoadedEventIds(EmbeddedAppStack stack, ISchemaRegistryClient registry)
    {
        var events = TopicReader.ReadAll(stack.Kafka.Consumer("crash-verify-" + Guid.NewGuid().ToString("N"), "crash-verify"), "susy-events",
                Deserializers.ByteArray, new InlineDeserializer<SusyEvent>(new AvroDeserializer<SusyEvent>(registry)), TimeSpan.FromSeconds(2))
            .Select(r => r.Message.Value).ToList();
        return (events.Where(e => e.Split == Split.TEST).Select(e => e.EventId).ToHashSet(), events.Count(e => e.Split == Split.TRAIN));
    }

    private static IConfiguration Configuration(int eventPartitions = 1) => EmbeddedConfiguration.With(new Dictionary<string, string?>
    {
        ["Kafka:Topics:susy-events"] = eventPartitions.ToString(CultureInfo.InvariantCulture),
        ["Streams:NumStreamThreads"] = "1",
    });

    /// <summary>The app's own binary on the test's cluster, one stream thread, a state directory of its own.</summary>
    private static SusyRunProcess StartSusyRun(EmbeddedAppStack stack, string commitIntervalMs, int eventPartitions, params string[] arguments) =>
        SusyRunProcess.Start("crash", stack, new Dictionary<string, string>
        {
            ["SUSY_Kafka__Topics__susy-events"] = eventPartitions.ToString(CultureInfo.InvariantCulture),
            ["SUSY_Streams__NumStreamThreads"] = "1",
            ["SUSY_Streams__CommitIntervalMs"] = commitIntervalMs,
            ["SUSY_Streams__StateDir"] = Directory.CreateTempSubdirectory("susy-crash-state-").FullName,
        }, TimeProvider.System, arguments);

    private static long LearnerInputRecords(EmbeddedAppStack stack)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(stack.Kafka.Consumer("crash-watermarks", "crash-watermarks")).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition("susy-topology-train-repartition", 0), TimeSpan.FromSeconds(10)).High.Value;
    }
}
