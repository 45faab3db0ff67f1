using System.Diagnostics;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using SusyTopology.App.Loading;
using SusyTopology.App.Running;
using SusyTopology.App.Tests.Topology;
using SusyTopology.App.Topology;
using SusyTopology.Events;
using SusyTopology.InMemoryKafka;
using SusyTopology.Learning.Data;

namespace SusyTopology.App.Tests.ExactlyOnce;

/// <summary>
/// The SUSY topology under exactly-once on the in-memory Kafka: builds a loaded cluster, starts instances (each its
/// own process, i.e. supplier), and reads back what read_committed consumers see. 300 events, 180 TRAIN (snapshots at
/// 60, 120 and 180: the last one has learned every training event), 120 TEST, all labelled.
/// </summary>
internal sealed class EosTopologyHarness : IDisposable
{
    public const int Events = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _stateDir = Directory.CreateTempSubdirectory("susy-eos-").FullName;
    private readonly ISchemaRegistryClient _registry;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _failures = new();

    public EosTopologyHarness(int eventPartitions = 1, int threads = 1, string applicationId = "susy-eos")
    {
        EventPartitions = eventPartitions;
        Threads = threads;
        Options = new SusyTopologyOptions
        {
            ApplicationId = applicationId,
            BatchSize = 60, // 180 training events are three whole mini-batches…
            PublishEveryRecords = 60, // …each followed by a snapshot
            PublishInterval = TimeSpan.FromHours(1), // snapshots by count only: the same ones in every run
            CheckpointEveryRecords = 50, // restores read checkpoints and journals, not journals alone
            AccuracyReportInterval = TimeSpan.FromMilliseconds(200),
        };
        _registry = TestRegistry.NewClient();
        Serdes = new SusySerdes(_registry);
    }

    public SusyTopologyOptions Options { get; }
    public SusySerdes Serdes { get; }
    public int EventPartitions { get; }
    public int Threads { get; }

    public string TrainRepartitionTopic => $"{Options.ApplicationId}-{Options.TrainRepartitionName}-repartition";
    public string AccuracyRepartitionTopic => $"{Options.ApplicationId}-{Options.AccuracyRepartitionName}-repartition";
    public string Changelog(string store) => $"{Options.ApplicationId}-{store}-changelog";

    /// <summary>A cluster with every topic of the app and the events loaded; <paramref name="onlyIds"/> (in that
    /// order) restricts the load to those events, as a reference run fed a given input needs.</summary>
    public InMemoryKafkaCluster NewCluster(out List<long> testIds, IReadOnlyList<long>? onlyIds = null)
    {
        // As on a broker, an empty group's first rebalance waits for more members. The stream threads of one process
        // subscribe one after the other; without the wait the first takes every task and is revoked at once, and
        // Streamiz ignores a revocation that arrives before its thread is RUNNING (StreamsRebalanceListener checks
        // Thread.IsRunning): the revoked task neither commits nor closes, the other thread reprocesses its input
        // from the last committed offset, and both commit — the first training event twice in the committed input
        // of an uninterrupted run. Measured here; the delay makes the threads share the first generation.
        var cluster = new InMemoryKafkaCluster { InitialRebalanceDelay = TimeSpan.FromMilliseconds(300) };
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "src", "SusyTopology.App", "appsettings.json"))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kafka:Topics:susy-events"] = EventPartitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Kafka:Topics:susy-predictions"] = "1",
            })
            .Build();
        var external = Kafka.Topics.TopicCatalog.FromConfiguration(configuration).Partitions;
        foreach (var (topic, partitions) in external.Concat(AppTopology.InternalTopics(Options, external))) cluster.CreateTopic(topic, partitions);

        var events = new Dictionary<long, SusyEvent>();
        var id = 0L;
        foreach (var row in SusyCsv.ReadRows(BundledSample.Path).Take(Events))
        {
            id++;
            var split = id % 5 < 3 ? Split.TRAIN : Split.TEST;
            events[id] = SusyEventFeatures.ToEvent(id, split, row.Label, row.Features, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + id));
        }
        testIds = events.Values.Where(e => e.Split == Split.TEST).Select(e => e.EventId).ToList();
        using var producer = new InMemoryKafkaSupplier(cluster, "loader").GetProducer(new ProducerConfig());
        foreach (var e in (onlyIds ?? [.. events.Keys]).Select(i => events[i]))
        {
            producer.Produce(Options.EventsTopic, new Message<byte[], byte[]>
            {
                Key = Serdes.EventId.Serialize(e.EventId, new SerializationContext(MessageComponentType.Key, Options.EventsTopic)),
                Value = Serdes.Event.Serialize(e, new SerializationContext(MessageComponentType.Value, Options.EventsTopic)),
                Timestamp = new Timestamp(e.EventTime),
            });
        }
        producer.Flush(TimeSpan.FromSeconds(5));
        return cluster;
    }

    /// <summary>
    /// Starts an instance as process <paramref name="process"/>. The state directory is the process's: a process
    /// restarted under the same name finds its state (and Streamiz's process id, hence its transactional ids) again.
    /// </summary>
    public (KafkaStream Stream, InMemoryKafkaSupplier Process) Start(InMemoryKafkaCluster cluster, string process,
        Action<StreamConfig>? configure = null, Action<KafkaStream.State>? onState = null)
    {
        var config = new StreamConfig
        {
            ApplicationId = Options.ApplicationId,
            BootstrapServers = "in-memory:9092",
            Guarantee = ProcessingGuarantee.EXACTLY_ONCE, // before the commit interval: its setter resets it
            CommitIntervalMs = 0, // a transaction every processing round, so a crash lands mid-stream
            TransactionTimeoutMs = (int)InMemoryKafkaCluster.ShortTransactionTimeout.TotalMilliseconds,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            NumStreamThreads = Threads,
            PollMs = 20,
            MaxPollRecords = 10,
            StateDir = Path.Combine(_stateDir, process),
            Logger = NullLoggerFactory.Instance,
        };
        config.InnerExceptionHandler = failure =>
        {
            // A simulated crash is expected; anything else is named in the timeout message of a stuck run.
            var cause = failure.GetBaseException();
            if (cause is not SimulatedCrashException) _failures.Enqueue($"{process}: {failure.GetType().Name} ({cause.GetType().Name}: {cause.Message}) {cause.StackTrace}");
            return ExceptionHandlerResponse.FAIL;
        };
        configure?.Invoke(config);
        var topology = SusyTopologyFactory.Build(Options, Serdes, new ModelHolder(), new TopologyCounters(), new UnmeasuredInputLag());
        var supplier = new InMemoryKafkaSupplier(cluster, process);
        // The app's Kafka-independent mends of Streamiz, as in SusyStreams.
        var stream = new KafkaStream(topology, config, new MendedKafkaSupplier(supplier, NullLogger.Instance));
        if (onState is not null) stream.StateChanged += (_, now) => onState(now);
        stream.StartAsync().GetAwaiter().GetResult();
        return (stream, supplier);
    }

    /// <summary>Every TEST event scored, three snapshots, and every labelled prediction counted.</summary>
    public bool Done(InMemoryKafkaCluster cluster, int tests) =>
        Predictions(cluster).Count >= tests && Models(cluster).Count >= 3 && CountedTotal(cluster) >= Predictions(cluster).Count(p => p.Label != null);

    public List<Prediction> Predictions(InMemoryKafkaCluster cluster) =>
        cluster.Read(Options.PredictionsTopic).Select(r => Serdes.Prediction.Deserialize(r.Value!, Context(Options.PredictionsTopic))).ToList();

    public List<ModelSnapshot> Models(InMemoryKafkaCluster cluster) =>
        cluster.Read(Options.ModelsTopic).Select(r => Serdes.Model.Deserialize(r.Value!, Context(Options.ModelsTopic))).ToList();

    /// <summary>The latest per-model-version totals ("model-N" keys) on the accuracy topic.</summary>
    public Dictionary<string, long> CountedPerVersion(InMemoryKafkaCluster cluster) =>
        cluster.Read(Options.AccuracyTopic)
            .Select(r => KeyValuePair.Create(System.Text.Encoding.UTF8.GetString(r.Key!), Serdes.Accuracy.Deserialize(r.Value!, Context(Options.AccuracyTopic))))
            .Where(kv => kv.Key.StartsWith("model-", StringComparison.Ordinal))
            .GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value.Count, StringComparer.Ordinal);

    private long CountedTotal(InMemoryKafkaCluster cluster) => CountedPerVersion(cluster).Values.Sum();

    /// <summary>The TRAIN event ids in the order the learner's input topic holds them under read_committed.</summary>
    public List<long> CommittedTrainingInput(InMemoryKafkaCluster cluster) =>
        cluster.Read(TrainRepartitionTopic, includingDeleted: true).Select(r => Serdes.EventId.Deserialize(r.Key!, new SerializationContext(MessageComponentType.Key, TrainRepartitionTopic))).ToList();

    private static SerializationContext Context(string topic) => new(MessageComponentType.Value, topic);

    /// <summary>What a stuck run got to, for the timeout message.</summary>
    public string Progress(InMemoryKafkaCluster cluster) =>
        $"{Predictions(cluster).Count} predictions, {Models(cluster).Count} snapshots, {CommittedTrainingInput(cluster).Count} training inputs, " +
        $"counted {string.Join(' ', CountedPerVersion(cluster))}; {cluster.DescribeGroups()}" +
        (_failures.IsEmpty ? "" : $"; stream failures: {string.Join(" | ", _failures)}");

    public static async Task WaitUntilAsync(Func<bool> condition, string what, Func<string>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > Patience) throw new TimeoutException($"Timed out after {Patience.TotalSeconds:N0} s waiting for {what}. {progress?.Invoke()}");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        _registry.Dispose();
        Directory.Delete(_stateDir, recursive: true);
    }
}
