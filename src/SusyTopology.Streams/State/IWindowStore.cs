namespace SusyTopology.Streams.State;

/// <summary>A mutable window store with a retention period measured in stream time.</summary>
public interface IWindowStore<TKey, TValue> : IStateStore, IReadOnlyWindowStore<TKey, TValue>
{
    /// <summary>Stores the value for the window; a null value deletes it. Writes to expired windows are dropped.</summary>
    void Put(TKey key, TValue? value, long windowStartMs);

    long WindowSizeMs { get; }
    long RetentionPeriodMs { get; }
}
