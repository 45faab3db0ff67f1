using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Processor.Api;

/// <summary>What every processor can see and do, independent of the types it forwards.</summary>
public interface IProcessorContext
{
    string ApplicationId { get; }
    TaskId TaskId { get; }

    /// <summary>Topic, partition and offset of the record being processed; null inside a punctuation.</summary>
    RecordMetadata? RecordMetadata { get; }

    /// <summary>
    /// How many records of the current record's input partition follow it that the task's consumer already knows of:
    /// the partition's high watermark − (offset + 1), like Kafka's <c>KafkaConsumer.currentLag</c>, so records fetched
    /// and buffered but not processed yet count. Null inside a punctuation or while the consumer has not yet fetched
    /// the partition. Lets a processor tell a backlog from a live stream (e.g. to spend less work per record while
    /// catching up).
    /// </summary>
    long? InputPartitionLag { get; }

    /// <summary>The task's stream time: the largest record timestamp it has processed, -1 before the first.</summary>
    long CurrentStreamTimeMs { get; }

    /// <summary>Wall-clock time from the injected <see cref="TimeProvider"/>.</summary>
    long CurrentSystemTimeMs { get; }

    /// <summary>A store connected to this processor, or a global store.</summary>
    TStore GetStateStore<TStore>(string name) where TStore : class, IStateStore;

    /// <summary>
    /// Calls <paramref name="callback"/> with the current time every <paramref name="interval"/> of stream time
    /// (driven by record timestamps) or wall-clock time.
    /// </summary>
    ICancellable Schedule(TimeSpan interval, PunctuationType type, Action<long> callback);

    /// <summary>Asks the runtime to commit this task as soon as possible.</summary>
    void Commit();
}
