namespace SusyTopology.Streams.State;

/// <summary>A mutable key-value store.</summary>
public interface IKeyValueStore<TKey, TValue> : IStateStore, IReadOnlyKeyValueStore<TKey, TValue>
{
    void Put(TKey key, TValue value);

    /// <summary>Stores the value only when the key is absent; returns the previous value (default when absent).</summary>
    TValue? PutIfAbsent(TKey key, TValue value);

    void PutAll(IEnumerable<KeyValuePair<TKey, TValue>> entries);

    /// <summary>Removes the key; returns the old value (default when absent).</summary>
    TValue? Delete(TKey key);
}
