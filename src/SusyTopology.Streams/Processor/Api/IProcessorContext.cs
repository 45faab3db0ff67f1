using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Processor.Api;

/// <summary>What every processor can see and do, independent of the types it forwards.</summary>
public interface IProcessorContext
{
    string ApplicationId { get; }
    TaskId TaskId { get; }

    /// <summary>Topic, partition and offset of the record being processed; null inside a punctuation.</summary>
    RecordMetadata? RecordMetadata { get; }

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
