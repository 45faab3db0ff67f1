using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using SusyTopology.App.Configuration;
using SusyTopology.App.Loading;
using SusyTopology.App.Running;
using SusyTopology.App.Tests.Topology;
using SusyTopology.App.Topology;
using SusyTopology.Events;
using SusyTopology.Learning.Backends;
using SusyTopology.Learning.Data;
using Xunit.Abstractions;

namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>
/// A learner whose state Streamiz restores from its changelog (a new client, a new state directory, the same cluster)
/// continues exactly as one that never stopped: the same snapshots, bit for bit. One event partition, so the learner
/// sees the training events in the same order in both histories; catch-up off, so no replay decision depends on timing.
/// </summary>
[Collection(EmbeddedClusterCollection.Name)]
public class LearnerRestartTests(ITestOutputHelper output)
{
    private const int Before = 230, After = 170;

    [Fact]
    public async Task A_learner_restored_from_its_changelog_resumes_exactly_where_it_stopped()
    {
        var rows = SusyCsv.ReadRows(BundledSample.Path).Take(Before + After).ToList();

        List<ModelSnapshot> resumed;
        await using (var stack = await EmbeddedAppStack.StartAsync(Configuration()))
        {
            TrainingTopics.ProduceTrainEvents(stack, rows[..Before], firstId: 1);
            Run(stack, Before);
            var beforeRestart = TrainingTopics.Models(stack, TimeSpan.FromSeconds(10)).Count;
            TrainingTopics.ProduceTrainEvents(stack, rows[Before..], firstId: 1 + Before);
            Run(stack, After); // a new client: the learner's state comes back from its changelog
            resumed = TrainingTopics.Models(stack, TimeSpan.FromSeconds(10)).Skip(beforeRestart).ToList();
        }

        List<ModelSnapshot> uninterrupted;
        await using (var stack = await EmbeddedAppStack.StartAsync(Configuration()))
        {
            TrainingTopics.ProduceTrainEvents(stack, rows, firstId: 1);
            Run(stack, Before + After);
            uninterrupted = TrainingTopics.Models(stack, TimeSpan.FromSeconds(10));
        }

        Assert.NotEmpty(resumed);
        var expected = uninterrupted.Where(m => m.Version >= resumed[0].Version).ToList();
        Assert.Equal(expected.Select(m => (m.Version, m.TrainedRecords)), resumed.Select(m => (m.Version, m.TrainedRecords)));
        Assert.Equal(ModelScores.Of(expected[^1]), ModelScores.Of(resumed[^1]));
    }

    private static IConfiguration Configuration() => EmbeddedConfiguration.With(new Dictionary<string, string?>
    {
        ["Kafka:Topics:susy-events"] = "1",
        ["Topology:PublishEveryRecords"] = "64",
        ["Topology:PublishInterval"] = "01:00:00",
        ["Topology:CheckpointEveryRecords"] = "100", // the restart point has a checkpoint and a journal behind it
        ["Topology:CatchUpLag"] = "0",
        ["Streams:NumStreamThreads"] = "1", // one group member: no rebalance replays input the comparison would count twice
    });


    [Fact]
    public async Task A_changelog_written_by_the_other_backend_stops_the_learner_naming_that_backend()
    {
        var rows = SusyCsv.ReadRows(BundledSample.Path).Take(Before + 10).ToList();
        await using var stack = await EmbeddedAppStack.StartAsync(Configuration());
        TrainingTopics.ProduceTrainEvents(stack, rows[..Before], firstId: 1);
        Run(stack, Before, LearnerBackends.SimdName);
        TrainingTopics.ProduceTrainEvents(stack, rows[Before..], firstId: 1 + Before);

        var (outcome, _) = Start(stack, LearnerBackends.TorchSharpName);
        Assert.True(outcome.Failed);
        var mismatch = Assert.Single(Chain(outcome.Failure!).OfType<LearnerBackendMismatchException>());
        Assert.Equal(LearnerBackend.Simd, mismatch.WrittenBy);
        Assert.Contains("Learning:Backend=simd", mismatch.Message);
    }

    /// <summary>One client, on a state directory of its own, until it has learned <paramref name="records"/> and gone idle.</summary>
    private void Run(EmbeddedAppStack stack, long records, string backend = LearnerBackends.TorchSharpName)
    {
        var (outcome, trained) = Start(stack, backend);
        Assert.False(outcome.Failed, outcome.Failure?.ToString());
        Assert.Equal(records, trained);
    }

    private (TopologyRunner.Outcome Outcome, long Trained) Start(EmbeddedAppStack stack, string backend)
    {
        var configuration = new ConfigurationBuilder().AddConfiguration(Configuration())
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Streams:StateDir"] = Directory.CreateTempSubdirectory("susy-restart-").FullName,
                [LearningOptions.BackendKey] = backend,
            })
            .Build();
        using var registry = stack.Kafka.CreateRegistryClient();
        using var counters = new TopologyCounters();
        using var app = SusyStreams.Create(configuration, stack.Kafka, registry, counters, ProcessingGuarantee.AT_LEAST_ONCE, new TestOutputLoggerFactory(output));
        var outcome = new TopologyRunner(app, counters, NullLogger.Instance).Run(TimeSpan.FromSeconds(3), null,
            new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        return (outcome, counters.TrainedRecords);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }
}
