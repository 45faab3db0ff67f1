namespace SusyTopology.Streams.State;

/// <summary>Queries of a key-value store. Range and All return ordered snapshots, so callers may update while iterating.</summary>
public interface IReadOnlyKeyValueStore<TKey, TValue>
{
    bool TryGet(TKey key, out TValue value);

    /// <summary>The value, or default when absent (use <see cref="TryGet"/> when default is a legal value).</summary>
    TValue? Get(TKey key);

    /// <summary>Entries with from &lt;= key &lt;= to in serialized-key (byte-lexicographic) order.</summary>
    IReadOnlyList<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to);

    IReadOnlyList<KeyValuePair<TKey, TValue>> All();

    long ApproximateNumEntries { get; }
}
