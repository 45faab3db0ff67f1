using Confluent.Kafka;

namespace SusyTopology.InMemoryKafka;

/// <summary>One record in a partition log; <see cref="Transaction"/> is null for non-transactional writes.</summary>
public sealed record LogEntry(long Offset, byte[]? Key, byte[]? Value, Headers Headers, Timestamp Timestamp, InMemoryTransaction? Transaction)
{
    public bool IsCommitted => Transaction is null || Transaction.State == TransactionState.Committed;
    public bool IsAborted => Transaction is { State: TransactionState.Aborted };
}
