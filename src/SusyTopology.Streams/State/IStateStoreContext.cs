using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.State;

/// <summary>What a store sees of the task that owns it.</summary>
public interface IStateStoreContext
{
    string ApplicationId { get; }
    TaskId TaskId { get; }

    /// <summary>Registers a store and the callback that replays its changelog into it.</summary>
    void Register(IStateStore store, IStateRestoreCallback restoreCallback);

    /// <summary>The timestamp to stamp on changelog records: the current record's, or stream time in a punctuation.</summary>
    long CurrentRecordTimestamp { get; }

    /// <summary>Writes one change of <paramref name="storeName"/> to its changelog partition (null value = delete).</summary>
    void LogChange(string storeName, byte[] key, byte[]? value, long timestamp);
}
