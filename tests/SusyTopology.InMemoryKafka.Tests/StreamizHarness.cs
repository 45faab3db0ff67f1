using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Stream;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>
/// Runs the counting topology on Streamiz over one in-memory cluster, each instance in its own client process and
/// state directory. Input record <c>n</c> is <c>k{n % Keys}</c> → <c>v{n}</c>, so its expected output is
/// <c>v{n}|{n / Keys + 1}</c>. A zero commit interval commits after every processing round, so a fault armed on the
/// commit sequence lands mid-stream.
/// </summary>
internal sealed class StreamizHarness : IDisposable
{
    public const string ApplicationId = "counting-app";
    public const int Keys = 10;
    public const int InputPartitions = 2;
    public static readonly string Changelog = CountingTopology.Changelog(ApplicationId);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The instances' transaction.timeout.ms (see <see cref="InMemoryKafkaCluster.ShortTransactionTimeout"/>).</summary>
    public static readonly TimeSpan TransactionTimeout = InMemoryKafkaCluster.ShortTransactionTimeout;

    private readonly ProcessingGuarantee _guarantee;
    private readonly List<StreamizInstance> _instances = [];
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "streamiz-in-memory-" + Guid.NewGuid().ToString("N"));
    private readonly InMemoryKafkaSupplier _clients;

    public StreamizHarness(ProcessingGuarantee guarantee)
    {
        _guarantee = guarantee;
        Cluster.CreateTopic(CountingTopology.Input, InputPartitions);
        Cluster.CreateTopic(CountingTopology.Output, InputPartitions);
        _clients = new InMemoryKafkaSupplier(Cluster, "test-clients");
    }

    public InMemoryKafkaCluster Cluster { get; } = new();

    public int Produced { get; private set; }

    /// <summary>Appends <paramref name="count"/> input records, numbered on from the earlier calls.</summary>
    public void ProduceInput(int count)
    {
        using var producer = _clients.GetProducer(new ProducerConfig());
        for (var i = 0; i < count; i++, Produced++)
            producer.Produce(CountingTopology.Input, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes($"k{Produced % Keys}"),
                Value = Encoding.UTF8.GetBytes($"v{Produced}"),
                Timestamp = new Timestamp(1_000 + Produced, TimestampType.CreateTime),
            });
    }

    public async Task<StreamizInstance> StartAsync(string name)
    {
        var instance = Create(name);
        await instance.StartAsync();
        return instance;
    }

    /// <summary>An instance of <paramref name="topology"/> (the counting topology unless given), not started yet.</summary>
    public StreamizInstance Create(string name, Topology? topology = null)
    {
        var config = new StreamConfig
        {
            ApplicationId = ApplicationId,
            BootstrapServers = "in-memory:9092",
            // Guarantee first: its setter resets the commit interval.
            Guarantee = _guarantee,
            CommitIntervalMs = 0,
            TransactionTimeoutMs = (int)TransactionTimeout.TotalMilliseconds,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PollMs = 20,
            MaxPollRecords = 10,
            StateDir = Path.Combine(_stateDir, name),
            Logger = NullLoggerFactory.Instance,
        };
        var instance = new StreamizInstance(topology ?? CountingTopology.Build(), config, new InMemoryKafkaSupplier(Cluster, name));
        _instances.Add(instance);
        return instance;
    }

    /// <summary>True once every input record is covered by the application's committed offsets (input offsets are dense).</summary>
    public bool AllInputCommitted() =>
        Enumerable.Range(0, InputPartitions)
            .Sum(p => Cluster.CommittedOffset(ApplicationId, new TopicPartition(CountingTopology.Input, p)) ?? 0) == Produced;

    public int CommittedOutputCount() => Cluster.Read(CountingTopology.Output).Count;

    /// <summary>True once the output holds a committed record per input record and all input offsets are committed.</summary>
    public bool CaughtUp() => CommittedOutputCount() >= Produced && AllInputCommitted();

    /// <summary>The output as a read_committed consumer reads it from the beginning: (key, input value, count).</summary>
    public List<(string Key, string Input, long Count)> ReadCommittedOutput()
    {
        using var consumer = _clients.GetConsumer(new ConsumerConfig { IsolationLevel = IsolationLevel.ReadCommitted }, null);
        consumer.Assign(Enumerable.Range(0, InputPartitions)
            .Select(p => new TopicPartitionOffset(CountingTopology.Output, p, Offset.Beginning)));
        var output = new List<(string, string, long)>();
        while (consumer.Consume(TimeSpan.Zero) is { } record)
        {
            var parts = Encoding.UTF8.GetString(record.Message.Value).Split('|');
            output.Add((Encoding.UTF8.GetString(record.Message.Key), parts[0], long.Parse(parts[1])));
        }
        return output;
    }

    /// <summary>Each partition's end offset as ListOffsets answers it: the high watermark (markers included) for
    /// read_uncommitted, the last stable offset for read_committed.</summary>
    public List<long> EndOffsets(string topic, IsolationLevel isolation = IsolationLevel.ReadUncommitted)
    {
        using var consumer = _clients.GetConsumer(new ConsumerConfig { IsolationLevel = isolation }, null);
        return Enumerable.Range(0, Cluster.PartitionCount(topic))
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.Zero).High.Value).ToList();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; gives up after the harness's patience.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > Patience)
                throw new TimeoutException($"Timed out after {Patience} waiting for {what}; instance states: "
                    + string.Join(", ", _instances.Select(i => $"{i.Process.Name}={i.State}")));
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        Cluster.Faults.Disarm();
        foreach (var instance in _instances) instance.Dispose();
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }
}
