namespace SusyTopology.InMemoryKafka;

/// <summary>What an armed fault does when it fires.</summary>
public enum FaultKind
{
    /// <summary>The call fails with an abortable Kafka error; the process keeps running.</summary>
    Error,

    /// <summary>The whole client process dies at that point: every client of its supplier stops working.</summary>
    Crash,
}
