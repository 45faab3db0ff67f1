namespace SusyTopology.Streams.Tests.InMemoryKafka;

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

public enum FaultKind
{
    /// <summary>The call fails with an abortable Kafka error; the process keeps running.</summary>
    Error,

    /// <summary>The whole client process dies at that point: every client of its supplier stops working.</summary>
    Crash,
}
