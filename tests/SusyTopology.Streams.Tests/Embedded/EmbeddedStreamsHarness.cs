using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using SusyTopology.Kafka.Embedded;
using SusyTopology.Streams.Runtime;

namespace SusyTopology.Streams.Tests.Embedded;

/// <summary>
/// The runtime on the embedded (librdkafka mock) cluster: topics created through the mock, short session timeouts
/// (the mock settles a membership change in session.timeout.ms − 1 s), helpers to write input and read output.
/// </summary>
public sealed class EmbeddedStreamsHarness : IDisposable
{
    private readonly List<KafkaStreams> _instances = [];
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "embedded-" + Guid.NewGuid().ToString("N"));

    public EmbeddedStreamsHarness(int brokers, IReadOnlyDictionary<string, int> topics)
    {
        var options = new EmbeddedKafkaOptions { Brokers = brokers };
        foreach (var (name, partitions) in topics) options.Topics[name] = partitions;
        Cluster = EmbeddedKafkaCluster.Start(options);
    }

    public EmbeddedKafkaCluster Cluster { get; }

    public StreamsConfig Config(string applicationId, ProcessingGuarantee guarantee, string instance) => new()
    {
        ApplicationId = applicationId,
        BootstrapServers = Cluster.BootstrapServers,
        ProcessingGuarantee = guarantee,
        CommitInterval = TimeSpan.FromMilliseconds(200),
        StateDir = Path.Combine(_stateDir, instance),
        Consumer = new ConsumerConfig { SessionTimeoutMs = 4000, HeartbeatIntervalMs = 300 },
        Producer = new ProducerConfig { MessageTimeoutMs = 120_000 },
    };

    public KafkaStreams Start(Topology topology, StreamsConfig config, IStateRestoreListener? restoreListener = null)
    {
        var streams = new KafkaStreams(topology, config, new KafkaStreamsOptions
        {
            TopicManager = new EmbeddedClusterTopicManager(Cluster),
            RestoreListener = restoreListener,
            LoggerFactory = StderrLoggerFactory.FromEnvironment(),
        });
        _instances.Add(streams);
        streams.Start();
        return streams;
    }

    public IProducer<byte[], byte[]> NewProducer() => new ProducerBuilder<byte[], byte[]>(new ProducerConfig
    {
        BootstrapServers = Cluster.BootstrapServers,
        EnableIdempotence = true,
        LingerMs = 5,
        MessageTimeoutMs = 120_000,
    }).Build();

    /// <summary>Writes keys <c>k{from}</c>..<c>k{to-1}</c> with values <c>v{i}</c>, backing off when the local queue is full.</summary>
    public static void Produce(IProducer<byte[], byte[]> producer, string topic, int from, int to, Func<int, string>? key = null)
    {
        for (var i = from; i < to; i++)
        {
            var message = new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(key?.Invoke(i) ?? $"k{i}"),
                Value = Encoding.UTF8.GetBytes($"v{i}"),
            };
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, r =>
                    {
                        if (r.Error.IsError) throw new InvalidOperationException($"input write failed: {r.Error.Reason}");
                    });
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(20));
                }
            }
        }
    }

    /// <summary>
    /// Reads every partition of <paramref name="topic"/> from the beginning until <paramref name="done"/> says the
    /// values seen are enough, or <paramref name="timeout"/> passes; returns value → times seen.
    /// </summary>
    public Dictionary<string, int> ReadValues(string topic, int partitions, Func<Dictionary<string, int>, bool> done, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = Cluster.BootstrapServers,
            GroupId = "verifier-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var seen = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();
        while (!done(seen) && watch.Elapsed < timeout)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record?.Message?.Value is null) continue;
            var value = Encoding.UTF8.GetString(record.Message.Value);
            seen[value] = seen.GetValueOrDefault(value) + 1;
        }
        return seen;
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        foreach (var instance in _instances) instance.Close(TimeSpan.FromSeconds(30));
        foreach (var instance in _instances) instance.Dispose();
        Cluster.Dispose();
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }
}
