using SusyTopology.Streams.Kstream.Internals;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Processor.Internals;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Kstream;

/// <summary>Entry point of the DSL: declare streams, tables and stores, then <see cref="Build"/> the topology.</summary>
public sealed class StreamsBuilder
{
    private readonly Topology _topology = new();
    private bool _built;

    private InternalTopologyBuilder Builder => _topology.Builder;

    /// <summary>A stream over one or more topics; the serdes in <paramref name="consumed"/> are required.</summary>
    public IKStream<TKey, TValue> Stream<TKey, TValue>(string topic, Consumed<TKey, TValue> consumed) =>
        Stream([topic], consumed);

    public IKStream<TKey, TValue> Stream<TKey, TValue>(IReadOnlyList<string> topics, Consumed<TKey, TValue> consumed)
    {
        ArgumentNullException.ThrowIfNull(consumed);
        EnsureNotBuilt();
        var keySerde = DslNodes.Require(consumed.KeySerde, "key", "Stream");
        var valueSerde = DslNodes.Require(consumed.ValueSerde, "value", "Stream");
        var name = consumed.Name ?? Builder.NewName("KSTREAM-SOURCE-");
        Builder.AddSource(name, topics,
            resolved => new SourceNode<TKey, TValue>(name, resolved, keySerde.Deserializer, valueSerde.Deserializer,
                consumed.TimestampExtractor));
        return new KStreamImpl<TKey, TValue>(Builder, name, keySerde, valueSerde, repartitionRequired: false);
    }

    /// <summary>
    /// A table replicated on every instance from all partitions of <paramref name="topic"/> (null values delete).
    /// Its in-memory store is not change-logged: the topic itself is replayed on start.
    /// </summary>
    public IGlobalKTable<TKey, TValue> GlobalTable<TKey, TValue>(string topic, Consumed<TKey, TValue> consumed,
        Materialized<TKey, TValue>? materialized = null)
    {
        ArgumentNullException.ThrowIfNull(consumed);
        EnsureNotBuilt();
        var keySerde = DslNodes.Require(consumed.KeySerde, "key", "GlobalTable");
        var valueSerde = DslNodes.Require(consumed.ValueSerde, "value", "GlobalTable");
        var sourceName = consumed.Name ?? Builder.NewName("KSTREAM-SOURCE-");
        var storeName = materialized?.StoreName ?? Builder.NewName(topic + "-STATE-STORE-");
        var processorName = Builder.NewName("KTABLE-SOURCE-");
        var store = Stores.InMemoryKeyValueStore(storeName, materialized?.KeySerde ?? keySerde, materialized?.ValueSerde ?? valueSerde)
            .WithLoggingDisabled();
        _topology.AddGlobalStore(store, sourceName, keySerde.Deserializer, valueSerde.Deserializer, topic, processorName,
            () => new GlobalTableSourceProcessor<TKey, TValue>(storeName));
        return new GlobalKTableImpl<TKey, TValue>(storeName);
    }

    /// <summary>Adds a store that processors name in Process/ProcessValues.</summary>
    public StreamsBuilder AddStateStore(IStoreBuilder storeBuilder)
    {
        ArgumentNullException.ThrowIfNull(storeBuilder);
        EnsureNotBuilt();
        Builder.AddStateStore(storeBuilder, []);
        return this;
    }

    /// <summary>Adds a global store maintained by a custom processor from all partitions of <paramref name="topic"/>.</summary>
    public StreamsBuilder AddGlobalStore<TKey, TValue>(IStoreBuilder storeBuilder, string topic, Consumed<TKey, TValue> consumed,
        ProcessorSupplier<TKey, TValue, TKey, TValue> stateUpdateSupplier)
    {
        ArgumentNullException.ThrowIfNull(consumed);
        EnsureNotBuilt();
        var keySerde = DslNodes.Require(consumed.KeySerde, "key", "AddGlobalStore");
        var valueSerde = DslNodes.Require(consumed.ValueSerde, "value", "AddGlobalStore");
        var sourceName = consumed.Name ?? Builder.NewName("KSTREAM-SOURCE-");
        var processorName = Builder.NewName("KTABLE-SOURCE-");
        _topology.AddGlobalStore(storeBuilder, sourceName, keySerde.Deserializer, valueSerde.Deserializer, topic, processorName,
            stateUpdateSupplier);
        return this;
    }

    /// <summary>Returns the topology; the builder cannot be changed afterwards.</summary>
    public Topology Build()
    {
        _built = true;
        return _topology;
    }

    private void EnsureNotBuilt()
    {
        if (_built) throw new InvalidOperationException("The topology is already built.");
    }
}
