using Confluent.Kafka;
using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// The few settings of the streams runtime itself. Everything about the clients passes through Confluent's own
/// <see cref="ConsumerConfig"/>/<see cref="ProducerConfig"/>/<see cref="AdminClientConfig"/>; the runtime then
/// overrides only what its guarantees depend on (group id, offset commits, isolation level, idempotence, transactional id).
/// </summary>
public sealed class StreamsConfig
{
    /// <summary>Kafka Streams' <c>application.id</c>: the consumer group, the prefix of internal topics and transactional ids.</summary>
    public required string ApplicationId { get; init; }

    public required string BootstrapServers { get; init; }

    public int NumStreamThreads { get; init; } = 1;

    /// <summary>
    /// Nodes (by name) whose sub-topology runs on a stream thread of its own, one thread each, besides the
    /// <see cref="NumStreamThreads"/> threads that run the rest. A dedicated thread's consumer subscribes only to its
    /// sub-topology's source topics and the shared threads to the others, so the group's assignor gives those
    /// partitions to it alone. Beyond Kafka Streams (whose threads share every task): for a costly singleton — one
    /// learner behind a one-partition topic — that on a shared thread would be one task among many, get a small share
    /// of the turns, and hold up the others' fresh records while it runs.
    /// </summary>
    public IReadOnlyList<string> DedicatedThreads { get; init; } = [];

    public ProcessingGuarantee ProcessingGuarantee { get; init; } = ProcessingGuarantee.AtLeastOnce;

    /// <summary>Kafka Streams' <c>commit.interval.ms</c>; by default 30 s at-least-once, 100 ms exactly-once.</summary>
    public TimeSpan? CommitInterval { get; init; }

    /// <summary>The most records one poll hands to the tasks before the thread commits and punctuates.</summary>
    public int MaxPollRecords { get; init; } = 1000;

    /// <summary>How long one consumer poll waits for the first record (when no task has records buffered).</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a thread works through buffered records (round-robin over its tasks, a few records each) before it
    /// polls again, punctuates and maybe commits. One slow task (a learner, a big aggregation) then delays the
    /// other tasks' fresh records by about one slice instead of by its whole backlog.
    /// </summary>
    public TimeSpan ProcessingSlice { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Kafka Streams' <c>buffered.records.per.partition</c>: a thread takes no more records from its consumer while
    /// its tasks hold this many per assigned partition, and a partition with more than this is paused until its task
    /// works it down to half, so a slow task neither piles up memory nor crowds out the others.
    /// </summary>
    public int BufferedRecordsPerPartition { get; init; } = 1000;

    /// <summary>Where checkpoint files of restored stores are kept: <c>&lt;StateDir&gt;/&lt;application.id&gt;/&lt;task&gt;/.checkpoint</c>.</summary>
    public string StateDir { get; init; } = Path.Combine(Path.GetTempPath(), "susy-streams");

    /// <summary>Client-level settings passed through to the group consumer, the restore and the global consumers.</summary>
    public ConsumerConfig Consumer { get; init; } = new();

    /// <summary>Client-level settings passed through to every producer.</summary>
    public ProducerConfig Producer { get; init; } = new();

    public AdminClientConfig Admin { get; init; } = new();

    /// <summary>How long transactional calls (init, commit, abort, send offsets) may take before the thread fails.</summary>
    public TimeSpan TransactionCallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Partition count and replication for repartition topics the topology does not size itself.</summary>
    public int InternalTopicReplicationFactor { get; init; } = -1;

    public IProductionExceptionHandler ProductionExceptionHandler { get; init; } = FailOnProductionError.Instance;

    /// <summary>Kafka Streams' <c>default.deserialization.exception.handler</c> (e.g. a <see cref="DeadLetterQueueExceptionHandler"/>).</summary>
    public IDeserializationExceptionHandler DeserializationExceptionHandler { get; init; } = new LogAndFailExceptionHandler();

    /// <summary>How long restoring one task's stores from their changelogs may take before the thread fails.</summary>
    public TimeSpan RestoreTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan EffectiveCommitInterval =>
        CommitInterval ?? (ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2
            ? TimeSpan.FromMilliseconds(100)
            : TimeSpan.FromSeconds(30));

    public bool ExactlyOnce => ProcessingGuarantee == ProcessingGuarantee.ExactlyOnceV2;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ApplicationId)) throw new ArgumentException("application.id must be set.");
        if (NumStreamThreads < 1) throw new ArgumentException("num.stream.threads must be at least 1.");
        if (MaxPollRecords < 1) throw new ArgumentException("max.poll.records must be at least 1.");
        if (BufferedRecordsPerPartition < 1) throw new ArgumentException("buffered.records.per.partition must be at least 1.");
        if (ProcessingSlice <= TimeSpan.Zero) throw new ArgumentException("The processing slice must be positive.");
        if (EffectiveCommitInterval < TimeSpan.Zero) throw new ArgumentException("commit.interval must not be negative.");
    }

    /// <summary>The stream thread's group member: offsets are committed by the runtime only, after the output is safe.</summary>
    internal ConsumerConfig MainConsumerConfig(string clientId)
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(Consumer))
        {
            BootstrapServers = BootstrapServers,
            GroupId = ApplicationId,
            ClientId = clientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            // Under exactly-once, aborted and open transactions of upstream sub-topologies must stay invisible.
            IsolationLevel = ExactlyOnce ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        return config;
    }

    /// <summary>A group-less consumer (restore, global): never commits, reads what committed transactions wrote.</summary>
    internal ConsumerConfig AssignedConsumerConfig(string clientId)
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(Consumer))
        {
            BootstrapServers = BootstrapServers,
            ClientId = clientId,
            // librdkafka insists on a group id even for manually assigned consumers; this group never commits.
            GroupId = ApplicationId + "-" + clientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = ExactlyOnce ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
        };
        return config;
    }

    /// <summary>A thread's producer: idempotent always, transactional (one id per thread, KIP-447) under exactly-once.</summary>
    internal ProducerConfig ProducerConfigFor(string clientId, string? transactionalId)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(Producer))
        {
            BootstrapServers = BootstrapServers,
            ClientId = clientId,
        };
        if (transactionalId is not null)
        {
            config.TransactionalId = transactionalId;
            config.EnableIdempotence = true;
            // Kafka Streams' exactly-once default: a dead instance's open transaction blocks readers for at most 10 s;
            // librdkafka insists that no message may outlive its transaction, so a longer message timeout raises it.
            config.TransactionTimeoutMs ??= Math.Max(10_000, config.MessageTimeoutMs ?? 0);
        }
        config.EnableIdempotence ??= true;
        config.Acks ??= Acks.All;
        config.LingerMs ??= 5;
        // Delivery reports are only read for their status and offset: do not marshal key and value back per record.
        config.DeliveryReportFields ??= "status";
        return config;
    }

    internal AdminClientConfig AdminConfig(string clientId) =>
        new(new Dictionary<string, string>(Admin)) { BootstrapServers = BootstrapServers, ClientId = clientId };
}
