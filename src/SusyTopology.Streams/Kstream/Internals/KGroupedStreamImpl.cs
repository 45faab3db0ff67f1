using SusyTopology.Streams.Processor.Internals;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Kstream.Internals;

/// <summary>A grouped stream; the repartition (when the key may have changed) is added by the aggregation itself.</summary>
internal sealed class KGroupedStreamImpl<TKey, TValue>(InternalTopologyBuilder builder, string nodeName, ISerde<TKey>? keySerde,
    ISerde<TValue>? valueSerde, bool repartitionRequired, string? groupedName) : IKGroupedStream<TKey, TValue>
{
    internal InternalTopologyBuilder Builder { get; } = builder;
    internal ISerde<TKey>? KeySerde { get; } = keySerde;
    internal ISerde<TValue>? ValueSerde { get; } = valueSerde;

    /// <summary>The node aggregations hang off: this stream, or the source of a new repartition topic.</summary>
    internal string AggregationParent(string storeName, string operation)
    {
        if (!repartitionRequired) return nodeName;
        return DslNodes.AddRepartition(Builder, nodeName, groupedName ?? storeName,
            DslNodes.Require(KeySerde, "key", operation + " after a key change"),
            DslNodes.Require(ValueSerde, "value", operation + " after a key change"), partitions: null);
    }

    public IKTable<TKey, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> aggregator, Materialized<TKey, TAggregate>? materialized = null,
        Named? named = null) => Aggregate(initializer, aggregator, materialized, named, firstAggregate: null);

    private IKTable<TKey, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> aggregator, Materialized<TKey, TAggregate>? materialized, Named? named,
        Func<TValue, TAggregate>? firstAggregate)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(aggregator);
        var storeName = materialized?.StoreName ?? Builder.NewName("KSTREAM-AGGREGATE-STATE-STORE-");
        var keySerde = DslNodes.Require(materialized?.KeySerde ?? KeySerde, "key", "Aggregate");
        var aggregateSerde = DslNodes.Require(materialized?.ValueSerde, "aggregate value", "Aggregate");
        var parent = AggregationParent(storeName, "Aggregate");
        var name = named?.Name ?? Builder.NewName("KSTREAM-AGGREGATE-");
        DslNodes.AddProcessor(Builder, name,
            () => new KStreamAggregateProcessor<TKey, TValue, TAggregate>(storeName, initializer, aggregator, firstAggregate), parent);
        var store = Stores.InMemoryKeyValueStore(storeName, keySerde, aggregateSerde);
        if (materialized is { LoggingEnabled: false }) store.WithLoggingDisabled();
        Builder.AddStateStore(store, [name]);
        return new KTableImpl<TKey, TAggregate>(Builder, name, storeName, keySerde, aggregateSerde);
    }

    public IKTable<TKey, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null) =>
        Aggregate(static () => 0L, static (_, _, count) => count + 1,
            (materialized ?? new Materialized<TKey, long>()) with { ValueSerde = materialized?.ValueSerde ?? Serdes.Int64() }, named);

    public IKTable<TKey, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null,
        Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        return Aggregate<TValue>(static () => default!, (_, value, aggregate) => reducer(aggregate, value),
            (materialized ?? new Materialized<TKey, TValue>()) with { ValueSerde = materialized?.ValueSerde ?? ValueSerde }, named,
            firstAggregate: static value => value);
    }

    public ITimeWindowedKStream<TKey, TValue> WindowedBy(TimeWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return new TimeWindowedKStreamImpl<TKey, TValue>(this, windows);
    }
}
