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
    public TransactionState State { get; internal set; } = TransactionState.Open;
    internal Dictionary<PartitionLog, long> FirstOffsets { get; } = [];
    internal Dictionary<(string Group, TopicPartition Partition), long> PendingOffsets { get; } = [];
}
