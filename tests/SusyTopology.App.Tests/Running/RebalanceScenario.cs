using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Kafka;
using Streamiz.Kafka.Net.Metrics;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;
using SusyTopology.App.Running;
using SusyTopology.InMemoryKafka;
using StreamizTopology = Streamiz.Kafka.Net.Stream.Topology;

namespace SusyTopology.App.Tests.Running;

/// <summary>
/// Members of one Streamiz application on the in-memory cluster, each a <see cref="KafkaStream"/> with one thread in
/// its own client process, running a counting topology (input → a per-key count in a change-logged store → output
/// "value|count") at at_least_once over <see cref="Records"/> input records on two partitions. The commit interval is
/// long, so a member that has just processed the input still holds all of it uncommitted when the next one joins.
/// </summary>
internal sealed class RebalanceScenario : IDisposable
{
    public const int Records = 100;
    public static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(3);
    private const int Partitions = 2, Keys = 10;
    private const string ApplicationId = "rebalance-repair", Input = "input", Output = "output", Store = "counts";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly bool _repair;
    private readonly ILoggerFactory _loggerFactory;
    private readonly List<Member> _members = [];
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "rebalance-repair-" + Guid.NewGuid().ToString("N"));

    /// <param name="repair">Whether each member's listener and consumer get the revocation repair
    /// (<see cref="RevocationFailureAsLoss"/>, <see cref="RevocationTolerantConsumer"/>) as <see cref="SusyKafkaSupplier"/>
    /// gives them, or the listener is handed to the consumer as Streamiz passes it.</param>
    public RebalanceScenario(bool repair, ILoggerFactory loggerFactory)
    {
        _repair = repair;
        _loggerFactory = loggerFactory;
        Cluster.CreateTopic(Input, Partitions);
        Cluster.CreateTopic(Output, Partitions);
        using var producer = new InMemoryKafkaSupplier(Cluster, "producer").GetProducer(new ProducerConfig());
        // Partition n % 2 with key k{n % 10} keeps every key on one partition, as a key hash would.
        for (var n = 0; n < Records; n++)
            producer.Produce(new TopicPartition(Input, n % Partitions), new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes($"k{n % Keys}"),
                Value = Encoding.UTF8.GetBytes($"v{n}"),
                Timestamp = new Timestamp(1_000 + n, TimestampType.CreateTime),
            });
    }

    public InMemoryKafkaCluster Cluster { get; } = new();

    public async Task<Member> StartMemberAsync(string name)
    {
        var config = new StreamConfig
        {
            ApplicationId = ApplicationId,
            BootstrapServers = "in-memory:9092",
            // Guarantee first: its setter resets the commit interval.
            Guarantee = ProcessingGuarantee.AT_LEAST_ONCE,
            CommitIntervalMs = (long)CommitInterval.TotalMilliseconds,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PollMs = 20,
            MaxPollRecords = 10,
            StateDir = Path.Combine(_stateDir, name),
            Logger = _loggerFactory,
        };
        var member = new Member(BuildTopology(), config,
            new ListenerSupplier(new InMemoryKafkaSupplier(Cluster, name), _repair, _loggerFactory.CreateLogger<RevocationFailureAsLoss>()));
        _members.Add(member);
        await member.StartAsync();
        return member;
    }

    public bool NoInputCommitted() => InputPartitions().All(p => Cluster.CommittedOffset(ApplicationId, p) is null);

    /// <summary>True once the group's committed offsets cover every input record (input offsets are dense).</summary>
    public bool AllInputCommitted() => InputPartitions().Sum(p => Cluster.CommittedOffset(ApplicationId, p) ?? 0) == Records;

    /// <summary>How many times the least-processed input record reached the output (0 while one is missing).</summary>
    public int TimesEveryInputWasProcessed()
    {
        var seen = Cluster.Read(Output)
            .GroupBy(e => Encoding.UTF8.GetString(e.Value!).Split('|')[0])
            .ToDictionary(g => g.Key, g => g.Count());
        return Enumerable.Range(0, Records).Min(n => seen.GetValueOrDefault($"v{n}"));
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; gives up after the scenario's patience.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > Patience)
                throw new TimeoutException($"Timed out after {Patience} waiting for {what}; members: "
                    + string.Join(", ", _members.Select(m => $"{m.Name}={m.State} owning [{string.Join(",", m.Assignment)}]")));
            await Task.Delay(20);
        }
    }

    /// <summary>Whether <paramref name="condition"/> holds at some point within <paramref name="window"/>.</summary>
    public static async Task<bool> BecomesTrueWithinAsync(Func<bool> condition, TimeSpan window)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < window)
        {
            if (condition()) return true;
            await Task.Delay(20);
        }
        return condition();
    }

    public void Dispose()
    {
        Cluster.Faults.Disarm();
        foreach (var member in _members) member.Dispose();
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }

    private static IEnumerable<TopicPartition> InputPartitions() =>
        Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Input, p));

    private static StreamizTopology BuildTopology()
    {
        var counts = Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore(Store), new StringSerDes(), new Int64SerDes())
            .WithLoggingEnabled(new Dictionary<string, string>());
        var builder = new StreamBuilder();
        builder.Stream(Input, new StringSerDes(), new StringSerDes())
            .Transform(TransformerBuilder.New<string, string, string, string>().Transformer<Counter>().StateStore(counts).Build(), "count")
            .To(Output, new StringSerDes(), new StringSerDes());
        return builder.Build();
    }

    /// <summary>One member: its stream, the state its events last reported, and what its thread's consumer owns.</summary>
    public sealed class Member : IDisposable
    {
        private readonly KafkaStream _stream;
        private readonly ListenerSupplier _clients;
        private volatile KafkaStream.State _state = KafkaStream.State.CREATED;

        internal Member(StreamizTopology topology, StreamConfig config, ListenerSupplier clients)
        {
            _clients = clients;
            _stream = new KafkaStream(topology, config, clients);
            _stream.StateChanged += (_, newState) => _state = newState;
        }

        public string Name => Process.Name;
        public InMemoryKafkaSupplier Process => _clients.Process;
        public KafkaStream.State State => _state;
        public IReadOnlyList<TopicPartition> Assignment => _clients.GroupConsumer?.Assignment ?? [];

        public Task StartAsync() => _stream.StartAsync();

        public void Dispose() => _stream.Dispose();
    }

    /// <summary>
    /// One client process's clients, with the stream thread's rebalance listener optionally wrapped the way
    /// <see cref="SusyKafkaSupplier"/> wraps it, and that thread's consumer kept so the test can see what it owns.
    /// </summary>
    internal sealed class ListenerSupplier(InMemoryKafkaSupplier process, bool repair, ILogger logger) : IKafkaSupplier
    {
        public InMemoryKafkaSupplier Process => process;
        public IConsumer<byte[], byte[]>? GroupConsumer { get; private set; }

        public StreamMetricsRegistry? MetricsRegistry
        {
            get => process.MetricsRegistry;
            set => process.MetricsRegistry = value;
        }

        public IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig config, IConsumerRebalanceListener? rebalanceListener)
        {
            if (!repair || rebalanceListener is null) return GroupConsumer = process.GetConsumer(config, rebalanceListener);
            var listener = new RevocationFailureAsLoss(rebalanceListener, logger);
            return GroupConsumer = new RevocationTolerantConsumer(process.GetConsumer(config, listener), listener, logger);
        }

        public IProducer<byte[], byte[]> GetProducer(ProducerConfig config) => process.GetProducer(config);
        public IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig config) => process.GetRestoreConsumer(config);
        public IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig config) => process.GetGlobalConsumer(config);
        public IAdminClient GetAdmin(AdminClientConfig config) => process.GetAdmin(config);
    }

    /// <summary>Counts the records of each key in the change-logged store and emits "value|count".</summary>
    private sealed class Counter : ITransformer<string, string, string, string>
    {
        private IKeyValueStore<string, long>? _counts;

        public void Init(ProcessorContext<string, string> context) =>
            _counts = (IKeyValueStore<string, long>)context.GetStateStore(Store);

        public Record<string, string> Process(Record<string, string> record)
        {
            var count = _counts!.Get(record.Key) + 1;
            _counts.Put(record.Key, count);
            return Record<string, string>.Create(record.Key, $"{record.Value}|{count}");
        }

        public void Close() { }
    }
}
