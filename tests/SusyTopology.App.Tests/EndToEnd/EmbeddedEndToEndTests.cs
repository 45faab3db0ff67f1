using Confluent.Kafka;
using Confluent.SchemaRegistry.Serdes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SusyTopology.App.Commands;
using SusyTopology.App.Configuration;
using SusyTopology.App.Evaluation;
using SusyTopology.App.Loading;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Avro.Confluent;
using SusyTopology.Avro.DevRegistry;
using SusyTopology.Events;
using SusyTopology.Kafka.Embedded;
using Xunit.Abstractions;

namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>
/// The real thing on the embedded cluster: the bundled real sample loaded as Avro through the development Schema
/// Registry, the topology run by Streamiz until drained, and the outputs read back with read_committed.
/// </summary>
[Collection(EmbeddedClusterCollection.Name)]
public class EmbeddedEndToEndTests(ITestOutputHelper output)
{
    /// <param name="threads">With one stream thread the group has one member and no rebalance after the start, so every
    /// event is processed exactly once even at_least_once. With two, a busy machine can delay a join or a heartbeat into
    /// a rebalance, which at_least_once may answer by processing input again: that run must lose nothing, stop with every
    /// partition committed (no thread left stranded by a rebalance), and predict every test event at least once.</param>
    [Theory]
    [InlineData("at_least_once", 1)]
    [InlineData("at_least_once", 2)]
    [InlineData("exactly_once_v2", 1)] // on the mock broker (no transaction semantics there), which discards transactional offsets
    public async Task Every_test_event_gets_a_prediction_and_the_accuracy_topic_agrees(string guarantee, int threads)
    {
        var exactlyOnce = threads == 1;
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "src", "SusyTopology.App", "appsettings.json"))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SusyConfiguration.ProfileKey] = SusyConfiguration.EmbeddedProfile,
                ["Streams:StateDir"] = Directory.CreateTempSubdirectory("susy-e2e-").FullName,
                ["Streams:NumStreamThreads"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .Build();
        await using var stack = await EmbeddedAppStack.StartAsync(configuration);
        var kafka = stack.Kafka;
        var options = AppTopology.Options(configuration);
        using var registry = kafka.CreateRegistryClient();

        LoadResult loaded;
        using (var producer = EventLoader.CreateProducer(kafka, registry, "e2e-load"))
            loaded = new EventLoader(producer, TimeProvider.System).Run(new LoadOptions { CsvPath = BundledSample.Path }, null, CancellationToken.None);
        Assert.Equal(8_998, loaded.Produced);

        using var counters = new TopologyCounters();
        using (var app = SusyStreams.Create(configuration, kafka, registry, counters, StreamsSettings.Parse(guarantee), new TestOutputLoggerFactory(output)))
        {
            var outcome = new TopologyRunner(app, counters, NullLogger.Instance).Run(TimeSpan.FromSeconds(5), null,
                new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
            Assert.False(outcome.Failed, outcome.Failure?.ToString());
        }
        if (exactlyOnce) Assert.Equal(loaded.Train, counters.TrainedRecords);
        else Assert.True(counters.TrainedRecords >= loaded.Train, $"{counters.TrainedRecords} learned for {loaded.Train} training events");
        if (guarantee == "at_least_once")
        {
            // Every thread's final commit went through (none left the group while another was still committing): a
            // restart would process nothing again. (The mock broker discards offsets sent in a transaction, hence ALO only.)
            var lag = GroupLag.Read(kafka.BootstrapServers, options.ApplicationId, [options.EventsTopic], TimeSpan.FromSeconds(10));
            Assert.All(lag, p => Assert.Equal(p.LogEnd, p.Committed));
        }

        var consumer = kafka.Consumer("e2e-verify", "e2e-verify");
        var predictions = TopicReader.ReadAll(consumer, options.PredictionsTopic, Deserializers.Int64,
            new InlineDeserializer<Prediction>(new AvroDeserializer<Prediction>(registry)), TimeSpan.FromSeconds(20)).ToList();
        var events = TopicReader.ReadAll(consumer, options.EventsTopic, Deserializers.Int64,
            new InlineDeserializer<SusyEvent>(new AvroDeserializer<SusyEvent>(registry)), TimeSpan.FromSeconds(20)).ToList();
        var testIds = events.Where(e => e.Message.Value.Split == Split.TEST).Select(e => e.Message.Key).Order().ToList();
        Assert.Equal(loaded.Test, testIds.Count);
        if (exactlyOnce) Assert.Equal(testIds, predictions.Select(p => p.Message.Key).Order().ToList()); // every test event exactly once
        else Assert.Equal(testIds, predictions.Select(p => p.Message.Key).Distinct().Order().ToList()); // every one at least once
        Assert.All(predictions, p => Assert.Equal(p.Message.Key, p.Message.Value.EventId));
        if (!exactlyOnce) return; // replayed predictions are counted again by the accuracy aggregator, as at_least_once allows

        var reports = TopicReader.ReadAll(consumer, options.AccuracyTopic, Deserializers.Utf8,
            new InlineDeserializer<AccuracyReport>(new AvroDeserializer<AccuracyReport>(registry)), TimeSpan.FromSeconds(20)).ToList();
        var latestPerVersion = reports.Where(r => r.Message.Key.StartsWith("model-", StringComparison.Ordinal))
            .GroupBy(r => r.Message.Key).ToDictionary(g => g.Key, g => g.Last().Message.Value);
        foreach (var (key, report) in latestPerVersion)
        {
            var ofVersion = predictions.Where(p => p.Message.Value.ModelVersion == report.ModelVersion).Select(p => p.Message.Value).ToList();
            Assert.Equal(ofVersion.Count, report.Count);
            Assert.Equal(ofVersion.Count(p => p.PredictedLabel == p.Label), report.Correct);
        }
        Assert.Equal(predictions.Count, latestPerVersion.Values.Sum(r => r.Count));

        var final = new ModelEvaluator(kafka, options).Evaluate();
        Assert.NotNull(final);
        Assert.Equal(testIds.Count, final.TestEvents);
        Assert.InRange(final.Accuracy, 0.70, 1.0); // the accuracy target itself is measured by `make run` (README)
    }
}
