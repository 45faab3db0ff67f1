using System.Diagnostics;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using SusyTopology.App.Loading;
using SusyTopology.App.Tests.Topology;
using SusyTopology.App.Topology;
using SusyTopology.Events;
using SusyTopology.InMemoryKafka;
using SusyTopology.Learning.Data;

namespace SusyTopology.App.Tests.ExactlyOnce;

/// <summary>
/// The SUSY topology itself under exactly-once on the in-memory Kafka, whose transactions have real semantics: a
/// process crash inside a transactional commit, then a new process. read_committed readers must see one prediction
/// per TEST event, one model snapshot per version with the weights of a run that never crashed, and accuracy totals
/// that count each prediction once. One event partition, so the learner sees the same order in every run.
/// </summary>
public sealed class SusyTopologyExactlyOnceTests : IDisposable
{
    private const int Events = 300; // 180 TRAIN (snapshots at 64 and 128), 120 TEST
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("susy-eos-").FullName;
    private readonly ISchemaRegistryClient _registry;
    private readonly SusySerdes _serdes;
    private readonly SusyTopologyOptions _options = new()
    {
        ApplicationId = "susy-eos",
        PublishEveryRecords = 64,
        PublishInterval = TimeSpan.FromHours(1),
        AccuracyReportInterval = TimeSpan.FromMilliseconds(200),
    };

    public SusyTopologyExactlyOnceTests()
    {
        _registry = TestRegistry.NewClient();
        _serdes = new SusySerdes(_registry);
    }

    [Theory]
    [InlineData(CommitStep.BeforeSendOffsets, 3)]
    [InlineData(CommitStep.AfterSendOffsets, 6)]
    [InlineData(CommitStep.BeforeCommitTransaction, 9)]
    [InlineData(CommitStep.AfterCommitTransaction, 12)]
    public async Task A_crash_inside_a_commit_leaves_one_prediction_per_test_event_and_the_uninterrupted_model(CommitStep step, int skip)
    {
        var uninterrupted = NewCluster(out var testIds);
        using (var app = Start(uninterrupted, "clean"))
            await WaitUntilAsync(() => Done(uninterrupted, testIds.Count), "the uninterrupted run");

        var cluster = NewCluster(out _);
        cluster.Faults.Arm(step, FaultKind.Crash, skip: skip);
        using (var crashed = Start(cluster, "crashed"))
        {
            var failed = false;
            crashed.StateChanged += (_, now) => failed |= now == KafkaStream.State.ERROR;
            await WaitUntilAsync(() => cluster.Faults.Fired == 1 && failed, $"the crash at {step}");
        }
        Assert.InRange(Predictions(cluster).Count, 0, testIds.Count - 1);
        using (var restarted = Start(cluster, "restarted"))
            await WaitUntilAsync(() => Done(cluster, testIds.Count), "the restarted run");

        var predictions = Predictions(cluster);
        Assert.Equal(testIds.Order(), predictions.Select(p => p.EventId).Order()); // each TEST event exactly once
        var models = Models(cluster);
        Assert.Equal([1L, 2L], models.Select(m => m.Version));
        Assert.Equal(ModelScores.Of(Models(uninterrupted)[^1]), ModelScores.Of(models[^1]));
        var totals = Accuracy(cluster).Where(kv => kv.Key.StartsWith("model-", StringComparison.Ordinal))
            .GroupBy(kv => kv.Key).Select(g => g.Last().Value.Count).Sum();
        Assert.Equal(predictions.Count(p => p.Label != null), totals); // each prediction counted once
    }

    private InMemoryKafkaCluster NewCluster(out List<long> testIds)
    {
        var cluster = new InMemoryKafkaCluster();
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "src", "SusyTopology.App", "appsettings.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kafka:Topics:susy-events"] = "1", ["Kafka:Topics:susy-predictions"] = "1" })
            .Build();
        var external = Kafka.Topics.TopicCatalog.FromConfiguration(configuration).Partitions;
        foreach (var (topic, partitions) in external.Concat(AppTopology.InternalTopics(_options, external))) cluster.CreateTopic(topic, partitions);

        testIds = [];
        using var producer = new InMemoryKafkaSupplier(cluster, "loader").GetProducer(new ProducerConfig());
        var id = 0L;
        foreach (var row in SusyCsv.ReadRows(BundledSample.Path).Take(Events))
        {
            id++;
            var split = id % 5 < 3 ? Split.TRAIN : Split.TEST;
            if (split == Split.TEST) testIds.Add(id);
            var e = SusyEventFeatures.ToEvent(id, split, row.Label, row.Features, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + id));
            producer.Produce(_options.EventsTopic, new Message<byte[], byte[]>
            {
                Key = _serdes.EventId.Serialize(id, new SerializationContext(MessageComponentType.Key, _options.EventsTopic)),
                Value = _serdes.Event.Serialize(e, new SerializationContext(MessageComponentType.Value, _options.EventsTopic)),
                Timestamp = new Timestamp(e.EventTime),
            });
        }
        producer.Flush(TimeSpan.FromSeconds(5));
        return cluster;
    }

    private KafkaStream Start(InMemoryKafkaCluster cluster, string process)
    {
        var config = new StreamConfig
        {
            ApplicationId = _options.ApplicationId,
            BootstrapServers = "in-memory:9092",
            Guarantee = ProcessingGuarantee.EXACTLY_ONCE, // before the commit interval: its setter resets it
            CommitIntervalMs = 0, // a transaction every processing round, so the crash lands mid-stream
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PollMs = 20,
            MaxPollRecords = 10,
            StateDir = Path.Combine(_stateDir, process),
            Logger = NullLoggerFactory.Instance,
        };
        var topology = SusyTopologyFactory.Build(_options, _serdes, new ModelHolder(), new TopologyCounters(), new UnmeasuredInputLag());
        var stream = new KafkaStream(topology, config, new InMemoryKafkaSupplier(cluster, process));
        stream.StartAsync().GetAwaiter().GetResult();
        return stream;
    }

    private bool Done(InMemoryKafkaCluster cluster, int tests) =>
        Predictions(cluster).Count >= tests && Models(cluster).Count >= 2 &&
        Accuracy(cluster).Where(kv => kv.Key.StartsWith("model-", StringComparison.Ordinal)).GroupBy(kv => kv.Key)
            .Sum(g => g.Last().Value.Count) >= Predictions(cluster).Count(p => p.Label != null);

    private List<Prediction> Predictions(InMemoryKafkaCluster cluster) =>
        cluster.Read(_options.PredictionsTopic).Select(r => _serdes.Prediction.Deserialize(r.Value!, Context(_options.PredictionsTopic))).ToList();

    private List<ModelSnapshot> Models(InMemoryKafkaCluster cluster) =>
        cluster.Read(_options.ModelsTopic).Select(r => _serdes.Model.Deserialize(r.Value!, Context(_options.ModelsTopic))).ToList();

    private List<KeyValuePair<string, AccuracyReport>> Accuracy(InMemoryKafkaCluster cluster) =>
        cluster.Read(_options.AccuracyTopic).Select(r => KeyValuePair.Create(
            System.Text.Encoding.UTF8.GetString(r.Key!), _serdes.Accuracy.Deserialize(r.Value!, Context(_options.AccuracyTopic)))).ToList();

    private static SerializationContext Context(string topic) => new(MessageComponentType.Value, topic);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > Patience) throw new TimeoutException($"Timed out after {Patience.TotalSeconds:N0} s waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        _registry.Dispose();
        Directory.Delete(_stateDir, recursive: true);
    }
}
