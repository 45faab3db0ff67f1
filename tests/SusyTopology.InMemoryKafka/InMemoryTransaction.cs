using Confluent.Kafka;

namespace SusyTopology.InMemoryKafka;

/// <summary>
/// One transaction of one producer epoch: the partitions it wrote to (with the first offset, which pins the last
/// stable offset) and the consumer-group offsets that become visible only when it commits.
/// </summary>
public sealed class InMemoryTransaction(string transactionalId, int epoch)
{
    public string TransactionalId { get; } = transactionalId;
    public int Epoch { get; } = epoch;

    /// <summary>When the coordinator began it and how long it may stay open (the producer's transaction.timeout.ms).</summary>
    public DateTimeOffset StartedAt { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>When it was committed or aborted (by its producer, a successor's InitTransactions or the timeout).</summary>
    public DateTimeOffset? EndedAt { get; internal set; }

    /// <summary>The name of the client process (supplier) whose producer began it.</summary>
    public string Process { get; init; } = "";
    public TransactionState State { get; internal set; } = TransactionState.Open;
    internal Dictionary<PartitionLog, long> FirstOffsets { get; } = [];

    /// <summary>The partitions it wrote to, with its first offset in each (where it pins the last stable offset).</summary>
    public IReadOnlyDictionary<TopicPartition, long> FirstOffsetsByPartition => FirstOffsets.ToDictionary(kv => kv.Key.Partition, kv => kv.Value);
    internal Dictionary<(string Group, TopicPartition Partition), long> PendingOffsets { get; } = [];
}
