using Confluent.Kafka;

namespace SusyTopology.InMemoryKafka;

/// <summary>
/// One entry in a partition log; <see cref="Transaction"/> is null for non-transactional writes. With
/// <see cref="IsControl"/> it is a transaction marker (Kafka's control record): the commit or abort of
/// <see cref="Transaction"/>, written when it ended. A marker takes an offset but no consumer ever delivers it.
/// </summary>
public sealed record LogEntry(long Offset, byte[]? Key, byte[]? Value, Headers Headers, Timestamp Timestamp, InMemoryTransaction? Transaction,
    bool IsControl = false)
{
    public bool IsCommitted => Transaction is null || Transaction.State == TransactionState.Committed;
    public bool IsAborted => Transaction is { State: TransactionState.Aborted };
}
