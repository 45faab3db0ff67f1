using System.Diagnostics;
using Confluent.Kafka;
using Confluent.SchemaRegistry.Serdes;
using SusyTopology.App.Evaluation;
using SusyTopology.App.Loading;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Avro.Confluent;
using SusyTopology.Events;
using SusyTopology.State;
using Xunit.Abstractions;

namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>
/// Scale-out and fail-over of real `susy run` processes: two instances in one group share the event partitions while
/// exactly one of them owns the learner's one-partition input (and so runs the learner); the learner's owner is killed
/// with SIGKILL while events keep arriving, and the survivor takes its partitions over, restores the learner from its
/// changelog and goes on. Both instances share one state directory, as two `susy run` on one machine do by default.
/// The fail-over times are written to the test output (Streamiz 1.8.2 has no standby replicas to shorten them: see
/// the README).
/// </summary>
[Collection(EmbeddedClusterCollection.Name)]
public class FailoverTests(ITestOutputHelper output)
{
    private const string EventsTopic = "susy-events";
    private const string LearnerInput = "susy-topology-train-repartition";
    private const int EventPartitions = 4;
    private const int RowsBeforeStart = 3_000;
    private const int RowsDuringFailover = 2_000;
    private const double RateDuringFailover = 250; // events/s: 8 s of them, the kill 2 s in, the rest while the group fails over
    private const long FirstIdDuringFailover = 1_000_001;

    [Fact]
    public async Task The_survivor_of_a_killed_learner_takes_the_learner_over_from_its_changelog_and_every_test_event_is_scored()
    {
        var time = TimeProvider.System;
        await using var stack = await EmbeddedAppStack.StartAsync(EmbeddedConfiguration.With(new Dictionary<string, string?>
        {
            [$"Kafka:Topics:{EventsTopic}"] = EventPartitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Load(stack, RowsBeforeStart, firstId: 1, rate: 0);

        var environment = new Dictionary<string, string>
        {
            [$"SUSY_Kafka__Topics__{EventsTopic}"] = EventPartitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SUSY_Streams__NumStreamThreads"] = "1",
            ["SUSY_Streams__StateDir"] = Directory.CreateTempSubdirectory("susy-failover-state-").FullName,
        };
        using var first = SusyRunProcess.Start("first", stack, environment, time);
        using var second = SusyRunProcess.Start("second", stack, environment, time);
        SusyRunProcess[] both = [first, second];
        bool SharingTheWork()
        {
            Assert.All(both, p => Assert.False(p.HasExited, $"susy run ({p.Name}) exited"));
            return both.All(p => p.OwnsAny(EventsTopic)) && both.Count(p => p.Owns(LearnerInput, 0)) == 1;
        }
        try
        {
            // Scale-out: the event partitions shared, the learner's one partition (hence the learner) on one instance.
            await Until(TimeSpan.FromSeconds(60), "both instances own event partitions and one of them the learner's input", SharingTheWork);
            await Until(TimeSpan.FromSeconds(60), "the learner published a snapshot",
                () => TrainingTopics.Models(stack, TimeSpan.FromSeconds(1)).Count > 0);
            // Killed in the middle of work: events arriving, learned and scored but not all committed (1 s interval).
            var loadDuringFailover = Task.Run(() => Load(stack, RowsDuringFailover, FirstIdDuringFailover, RateDuringFailover));
            await Task.Delay(1_500);
            await Until(TimeSpan.FromSeconds(30), "the work shared again", SharingTheWork); // should a late heartbeat have rebalanced
            var learner = both.Single(p => p.Owns(LearnerInput, 0));
            var survivor = both.Single(p => p != learner);
            Assert.True(survivor.OwnsAny(EventsTopic), "the survivor-to-be lost its event partitions before the kill");
            // By what they do, not only by what they were assigned: over a second, both read events and only one learns.
            // (Counts, not totals: an instance that owned everything before the other joined may have learned then.)
            var (learnerBefore, survivorBefore) = (await Work(learner), await Work(survivor));
            await Task.Delay(1_000);
            var (learnerAfter, survivorAfter) = (await Work(learner), await Work(survivor));
            Assert.True(learnerAfter.Events > learnerBefore.Events && survivorAfter.Events > survivorBefore.Events, "an instance read no events");
            Assert.True(learnerAfter.Trained > learnerBefore.Trained, "the learner's owner learned nothing");
            Assert.Equal(survivorBefore.Trained, survivorAfter.Trained);
            var beforeKill = TrainingTopics.Models(stack, TimeSpan.FromSeconds(1))[^1]; // its journal groups were sent before it
            Assert.True(beforeKill.TrainedRecords > 2 * JournaledState.GroupEntries, $"only {beforeKill.TrainedRecords} records learned before the kill");

            var killedAt = time.GetUtcNow();
            await learner.KillAsync();

            // Fail-over: the survivor takes the learner over and goes on from the state the killed one left in the changelog.
            await Until(TimeSpan.FromSeconds(60), "the survivor took the learner over", () =>
            {
                Assert.False(survivor.HasExited, "the survivor exited");
                return survivor.Owns(LearnerInput, 0);
            });
            await loadDuringFailover;
            var events = Events(stack);
            var expectedTest = events.Where(e => e.Split == Split.TEST).Select(e => e.EventId).ToHashSet();
            var trainEvents = events.Count(e => e.Split == Split.TRAIN);
            var eventTimes = events.ToDictionary(e => e.EventId, e => e.EventTime);
            List<ConsumeResult<long, Prediction>> predictions = [];
            List<ModelSnapshot> models = [];
            long learnerInput = 0;
            await Until(TimeSpan.FromSeconds(60), "every test event scored and every training event learned", () =>
            {
                Assert.False(survivor.HasExited, "the survivor exited");
                predictions = Predictions(stack);
                models = TrainingTopics.Models(stack, TimeSpan.FromSeconds(1));
                learnerInput = HighWatermark(stack, LearnerInput);
                return expectedTest.IsSubsetOf(predictions.Select(p => p.Message.Key)) && models[^1].TrainedRecords == trainEvents;
            }, () => $"{expectedTest.Count(predictions.Select(p => p.Message.Key).ToHashSet().Contains)} of {expectedTest.Count} test events scored; " +
                     $"the last snapshot learned {models[^1].TrainedRecords} of {trainEvents} training events ({learnerInput} input records), " +
                     $"the survivor's first {models.FirstOrDefault(m => m.CreatedAt > killedAt)?.TrainedRecords}, the killed learner's last {beforeKill.TrainedRecords}");

            var survivorModels = models.Where(m => m.CreatedAt > killedAt).ToList();
            Assert.NotEmpty(survivorModels);
            // Restored, not started over: the survivor's first snapshot continues from the killed learner's state (all of
            // it but the journal group still open at the kill).
            Assert.True(survivorModels[0].TrainedRecords >= beforeKill.TrainedRecords - JournaledState.GroupEntries,
                $"the survivor's first snapshot has {survivorModels[0].TrainedRecords} trained records; the killed learner's last had {beforeKill.TrainedRecords}");
            Assert.Equal(trainEvents, models[^1].TrainedRecords); // each training event learned once, across the fail-over
            Assert.All(Enumerable.Range(0, EventPartitions), p => Assert.True(survivor.Owns(EventsTopic, p), $"{EventsTopic}[{p}] not taken over"));

            var scored = predictions.Select(p => p.Message.Key).Where(expectedTest.Contains).ToList();
            var duplicates = scored.Count - scored.Distinct().Count();
            var failoverLatency = predictions.Where(p => p.Message.Key >= FirstIdDuringFailover)
                .GroupBy(p => p.Message.Key).Select(g => g.Min(p => p.Message.Value.ScoredAt) - eventTimes[g.Key]).DefaultIfEmpty().Max();
            output.WriteLine($"test events {expectedTest.Count}, predictions {scored.Count} ({duplicates} duplicates, at_least_once)");
            output.WriteLine($"learned before the kill {beforeKill.TrainedRecords}; survivor's first snapshot {survivorModels[0].TrainedRecords} " +
                             $"(v{survivorModels[0].Version}); final {models[^1].TrainedRecords} = training events (learner input {learnerInput} records)");
            output.WriteLine($"fail-over: SIGKILL -> learner's partition assigned to the survivor {Seconds(survivor.AssignedAt(LearnerInput, 0)!.Value - killedAt)}, " +
                             $"-> its first snapshot {Seconds(survivorModels[0].CreatedAt - killedAt)}; " +
                             $"worst event-to-prediction latency of the events loaded around it {Seconds(failoverLatency)}");
        }
        catch
        {
            foreach (var p in both)
                foreach (var line in p.Lines().TakeLast(40)) output.WriteLine($"[{p.Name}] {line}");
            throw;
        }
    }

    private static async Task<(double Events, double Trained)> Work(SusyRunProcess p) =>
        (await p.MetricAsync("susy_events_total"), await p.MetricAsync("susy_trained_total"));

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:F1} s";

    /// <param name="state">What the condition last saw, for the failure message.</param>
    private static async Task Until(TimeSpan limit, string what, Func<bool> condition, Func<string>? state = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"not within {limit.TotalSeconds} s: {what}{(state == null ? "" : $" ({state()})")}");
            await Task.Delay(200);
        }
    }

    private static void Load(EmbeddedAppStack stack, int rows, long firstId, double rate)
    {
        using var registry = stack.Kafka.CreateRegistryClient();
        using var producer = EventLoader.CreateProducer(stack.Kafka, registry, "failover-load");
        var loaded = new EventLoader(producer, TimeProvider.System).Run(
            new LoadOptions { CsvPath = BundledSample.Path, Rows = rows, FirstEventId = firstId, Rate = rate }, null, CancellationToken.None);
        Assert.Equal(rows, loaded.Produced);
    }

    private static List<SusyEvent> Events(EmbeddedAppStack stack)
    {
        using var registry = stack.Kafka.CreateRegistryClient();
        return TopicReader.ReadAll(stack.Kafka.Consumer("failover-events-" + Guid.NewGuid().ToString("N"), "failover-verify"), EventsTopic,
            Deserializers.Int64, new InlineDeserializer<SusyEvent>(new AvroDeserializer<SusyEvent>(registry)), TimeSpan.FromSeconds(2))
            .Select(r => r.Message.Value).ToList();
    }

    private static List<ConsumeResult<long, Prediction>> Predictions(EmbeddedAppStack stack)
    {
        using var registry = stack.Kafka.CreateRegistryClient();
        return TopicReader.ReadAll(stack.Kafka.Consumer("failover-predictions-" + Guid.NewGuid().ToString("N"), "failover-verify"),
            "susy-predictions", Deserializers.Int64, new InlineDeserializer<Prediction>(new AvroDeserializer<Prediction>(registry)),
            TimeSpan.FromSeconds(1)).ToList();
    }

    private static long HighWatermark(EmbeddedAppStack stack, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(stack.Kafka.Consumer("failover-watermarks", "failover-watermarks")).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value;
    }
}
