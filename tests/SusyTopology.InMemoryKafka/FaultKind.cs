namespace SusyTopology.InMemoryKafka;

/// <summary>What an armed fault does when it fires.</summary>
public enum FaultKind
{
    /// <summary>The call fails with an abortable Kafka error; the process keeps running.</summary>
    Error,

    /// <summary>The whole client process dies at that point: every client of its supplier stops working.</summary>
    Crash,

    /// <summary>The calling thread stops there (a stalled process: a GC pause, a frozen VM) until
    /// <see cref="FaultInjector.Resume"/>; the rest of the process, and its group session, are untouched.</summary>
    Pause,

    /// <summary>
    /// Only at <see cref="CommitStep.BeforeProduce"/>: the produce call returns normally but the record is never
    /// written, and its delivery report, served later (the producer's next Poll or Flush, or CommitTransaction, which
    /// flushes first), carries <see cref="Confluent.Kafka.ErrorCode.Local_MsgTimedOut"/>, as when librdkafka gives up
    /// on a message after message.timeout.ms. A transaction it belonged to can then only be aborted.
    /// </summary>
    DeliveryError,
}
