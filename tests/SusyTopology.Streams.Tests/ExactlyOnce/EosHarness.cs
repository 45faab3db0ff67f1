using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.State;
using SusyTopology.Streams.Tests.InMemoryKafka;

namespace SusyTopology.Streams.Tests.ExactlyOnce;

/// <summary>
/// Runs the real runtime (exactly_once_v2) on the in-memory cluster: input → a repartition through an internal
/// topic → a counting processor with a change-logged store → output. Commits are frequent (small polls, zero
/// interval: after every poll) so that faults land in the middle of the work.
/// </summary>
public sealed class EosHarness : IDisposable
{
    public const string ApplicationId = "eos-app";
    public const string Input = "input";
    public const string Output = "output";
    public const string Store = "counts";
    public static readonly string Changelog = StoreChangelog.TopicName(ApplicationId, Store);
    public const string Repartition = ApplicationId + "-by-key-repartition";

    private readonly List<KafkaStreams> _instances = [];
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "eos-" + Guid.NewGuid().ToString("N"));

    public InMemoryKafkaCluster Cluster { get; } = new();

    public EosHarness(int inputPartitions = 4)
    {
        Cluster.CreateTopic(Input, inputPartitions);
        Cluster.CreateTopic(Output, 3);
    }

    public static Topology BuildTopology()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.InMemoryKeyValueStore(Store, Serdes.String(), Serdes.Int64()));
        builder.Stream(Input, Consumed.With(Serdes.String(), Serdes.String()))
            .Repartition(new Repartitioned<string, string>(Serdes.String(), Serdes.String(), "by-key", 2))
            .Process(() => new CountingProcessor(Store), null, Store)
            .To(Output, Produced.With(Serdes.String(), Serdes.String()));
        return builder.Build();
    }

    public void ProduceInput(int count, int keys)
    {
        var process = new InMemoryKafkaSupplier(Cluster, "input-writer");
        using var producer = process.GetProducer(new ProducerConfig());
        for (var i = 0; i < count; i++)
            producer.Produce(Input, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes($"k{i % keys}"),
                Value = Encoding.UTF8.GetBytes($"v{i}"),
                Timestamp = new Timestamp(1_000 + i, TimestampType.CreateTime),
            });
    }

    public (KafkaStreams Streams, InMemoryKafkaSupplier Process) StartInstance(string name, int threads = 1,
        TimeSpan? commitInterval = null)
    {
        var process = new InMemoryKafkaSupplier(Cluster, name);
        var streams = new KafkaStreams(BuildTopology(), new StreamsConfig
        {
            ApplicationId = ApplicationId,
            BootstrapServers = "in-memory",
            ProcessingGuarantee = ProcessingGuarantee.ExactlyOnceV2,
            NumStreamThreads = threads,
            CommitInterval = commitInterval ?? TimeSpan.Zero,
            MaxPollRecords = 7,
            PollTimeout = TimeSpan.FromMilliseconds(10),
            StateDir = Path.Combine(_stateDir, name),
        }, new KafkaStreamsOptions { KafkaSupplier = process, TopicManager = new InMemoryTopicManager(Cluster) });
        _instances.Add(streams);
        streams.Start();
        return (streams, process);
    }

    /// <summary>True once every input record and every repartitioned record is covered by a committed offset.</summary>
    public bool AllCommitted()
    {
        foreach (var topic in new[] { Input, Repartition })
        {
            if (!Cluster.TopicExists(topic)) return false;
            var partitions = Cluster.PartitionCount(topic);
            for (var p = 0; p < partitions; p++)
            {
                var end = HighWatermark(topic, p);
                if ((Cluster.CommittedOffset(ApplicationId, new TopicPartition(topic, p)) ?? 0) < end) return false;
            }
        }
        return true;
    }

    private long HighWatermark(string topic, int partition)
    {
        var process = new InMemoryKafkaSupplier(Cluster, "watermarks");
        using var consumer = process.GetRestoreConsumer(new ConsumerConfig { IsolationLevel = IsolationLevel.ReadUncommitted });
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.Zero).High.Value;
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            Thread.Sleep(10);
        }
    }

    /// <summary>The output as read_committed consumers see it: (key, input value, count).</summary>
    public IReadOnlyList<(string Key, string Input, long Count)> CommittedOutput() => ReadOutput(readCommitted: true);

    public IReadOnlyList<(string Key, string Input, long Count)> UncommittedOutput() => ReadOutput(readCommitted: false);

    private List<(string Key, string Input, long Count)> ReadOutput(bool readCommitted) =>
        Cluster.Read(Output, readCommitted).Select(e =>
        {
            var parts = Encoding.UTF8.GetString(e.Value!).Split('|');
            return (Encoding.UTF8.GetString(e.Key!), parts[0], long.Parse(parts[1]));
        }).ToList();

    /// <summary>The store as a restore would rebuild it: the last committed changelog value per key.</summary>
    public IReadOnlyDictionary<string, long> CommittedStore()
    {
        var store = new Dictionary<string, long>();
        foreach (var entry in Cluster.Read(Changelog))
            store[Encoding.UTF8.GetString(entry.Key!)] = Serdes.Int64().Deserializer.Deserialize(entry.Value, false, SerializationContext.Empty);
        return store;
    }

    public void Dispose()
    {
        Cluster.Faults.Disarm();
        foreach (var instance in _instances) instance.Dispose();
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }
}
