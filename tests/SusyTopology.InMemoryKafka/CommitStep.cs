namespace SusyTopology.InMemoryKafka;

/// <summary>The points of the produce/commit sequence where a fault can be injected.</summary>
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
}
