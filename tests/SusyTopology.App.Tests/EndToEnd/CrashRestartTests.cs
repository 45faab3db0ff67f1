using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using SusyTopology.App.Configuration;
using SusyTopology.App.Loading;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Events;
using SusyTopology.Learning.Data;
using SusyTopology.State;
using Xunit.Abstractions;

namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>
/// A real `susy run` process killed with SIGKILL after its learner's journal reached the changelog (groups are written
/// as they fill) but before any input offset was committed (a one-hour commit interval): the restarted app is
/// redelivered everything, and its learner must skip the records of its input its restored state already holds. (The
/// events themselves are routed to the learner's topic a second time, under new offsets, as at_least_once allows;
/// those the learner cannot tell from new ones.)
/// </summary>
[Collection(EmbeddedClusterCollection.Name)]
public class CrashRestartTests(ITestOutputHelper output)
{
    private const int TrainEvents = 2_000;

    [Fact]
    public async Task A_learner_killed_before_its_commit_learns_each_record_of_its_input_once_after_the_restart()
    {
        await using var stack = await EmbeddedAppStack.StartAsync(Configuration());
        TrainingTopics.ProduceTrainEvents(stack, SusyCsv.ReadRows(BundledSample.Path).Take(TrainEvents), firstId: 1);

        using (var killed = StartSusyRun(stack))
        {
            var published = Stopwatch.StartNew();
            while (TrainingTopics.Models(stack, TimeSpan.FromSeconds(2)).Count == 0)
            {
                Assert.False(killed.HasExited, "susy run exited before it published a model");
                Assert.True(published.Elapsed < TimeSpan.FromSeconds(60), "susy run published no model in 60 s");
                await Task.Delay(100);
            }
            await Task.Delay(500); // the journal groups sent beside the first snapshot
            killed.Kill(entireProcessTree: true); // SIGKILL: no commit, no close
            await killed.WaitForExitAsync();
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

        // The restored state holds what reached the changelog (the journal's full groups, not the open one): at least
        // the groups behind the snapshot seen before the kill.
        Assert.InRange(counters.Redelivered, learnedBeforeKill - JournaledState.GroupEntries, TrainEvents);
        var learnerInput = LearnerInputRecords(stack);
        Assert.True(learnerInput >= TrainEvents, $"{learnerInput} records routed to the learner for {TrainEvents} training events");
        Assert.Equal(learnerInput, TrainingTopics.Models(stack, TimeSpan.FromSeconds(2))[^1].TrainedRecords); // each record of the learner's input learned exactly once
    }

    private static IConfiguration Configuration() => EmbeddedConfiguration.With(new Dictionary<string, string?>
    {
        ["Kafka:Topics:susy-events"] = "1",
        ["Streams:NumStreamThreads"] = "1",
    });

    /// <summary>The app's own binary (beside the tests), on the test's cluster, committing only once an hour.</summary>
    private static Process StartSusyRun(EmbeddedAppStack stack)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "susy.dll"), "run", "--no-evaluate" },
            WorkingDirectory = Directory.CreateTempSubdirectory("susy-crash-cwd-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["KAFKA_BOOTSTRAP_SERVERS"] = stack.Kafka.BootstrapServers;
        start.Environment["SCHEMA_REGISTRY_URL"] = stack.Kafka.SchemaRegistryUrl;
        start.Environment[SusyConfiguration.ProfileVariable] = SusyConfiguration.EmbeddedProfile;
        start.Environment["SUSY_CLUSTER_ENV"] = Path.Combine(start.WorkingDirectory, "none.env");
        start.Environment["SUSY_Kafka__Topics__susy-events"] = "1";
        start.Environment["SUSY_Streams__NumStreamThreads"] = "1";
        start.Environment["SUSY_Streams__CommitIntervalMs"] = "3600000";
        start.Environment["SUSY_Streams__StateDir"] = Path.Combine(start.WorkingDirectory, "state");
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start susy run");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static long LearnerInputRecords(EmbeddedAppStack stack)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(stack.Kafka.Consumer("crash-watermarks", "crash-watermarks")).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition("susy-topology-train-repartition", 0), TimeSpan.FromSeconds(10)).High.Value;
    }
}
