using SusyTopology.Streams.State.Internals;

namespace SusyTopology.Streams.State;

/// <summary>Factory methods for store builders, as Kafka Streams' Stores.</summary>
public static class Stores
{
    /// <summary>An in-memory key-value store, change-logged by default.</summary>
    public static KeyValueStoreBuilder<TKey, TValue> InMemoryKeyValueStore<TKey, TValue>(string name,
        ISerde<TKey> keySerde, ISerde<TValue> valueSerde) =>
        new(name, static n => new InMemoryKeyValueStore(n), keySerde, valueSerde);

    /// <summary>An in-memory window store keeping windows for <paramref name="retentionPeriod"/> of stream time.</summary>
    public static WindowStoreBuilder<TKey, TValue> InMemoryWindowStore<TKey, TValue>(string name,
        TimeSpan retentionPeriod, TimeSpan windowSize, ISerde<TKey> keySerde, ISerde<TValue> valueSerde) =>
        new(name, retentionPeriod, windowSize, keySerde, valueSerde);
}
