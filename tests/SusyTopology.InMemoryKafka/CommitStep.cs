namespace SusyTopology.InMemoryKafka;

/// <summary>
/// The points of the produce/commit sequence where a fault can be injected, and the one point of the read side:
/// <see cref="AfterConsume"/>, a consumer handing a record to its caller (a stream thread, a restoring state store or
/// the global store's thread).
/// </summary>
public enum CommitStep
{
    BeforeProduce,
    AfterProduce,
    BeforeSendOffsets,
    AfterSendOffsets,
    BeforeCommitTransaction,
    AfterCommitTransaction,
    BeforeCommitOffsets,
    AfterCommitOffsets,
    AfterConsume,
}
