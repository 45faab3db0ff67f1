using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Kstream.Internals;

/// <summary>Windowed aggregations over a grouped stream, kept in a window store retained for size + grace by default.</summary>
internal sealed class TimeWindowedKStreamImpl<TKey, TValue>(KGroupedStreamImpl<TKey, TValue> grouped, TimeWindows windows,
    EmitStrategy? emitStrategy = null) : ITimeWindowedKStream<TKey, TValue>
{
    public ITimeWindowedKStream<TKey, TValue> WithEmitStrategy(EmitStrategy emitStrategy) =>
        new TimeWindowedKStreamImpl<TKey, TValue>(grouped, windows, emitStrategy ?? throw new ArgumentNullException(nameof(emitStrategy)));

    public IKTable<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> aggregator, Materialized<TKey, TAggregate>? materialized = null,
        Named? named = null) => Aggregate(initializer, aggregator, materialized, named, firstAggregate: null);

    private IKTable<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> aggregator, Materialized<TKey, TAggregate>? materialized, Named? named,
        Func<TValue, TAggregate>? firstAggregate)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(aggregator);
        var builder = grouped.Builder;
        var storeName = materialized?.StoreName ?? builder.NewName("KSTREAM-AGGREGATE-STATE-STORE-");
        var keySerde = DslNodes.Require(materialized?.KeySerde ?? grouped.KeySerde, "key", "Aggregate");
        var aggregateSerde = DslNodes.Require(materialized?.ValueSerde, "aggregate value", "Aggregate");
        var minimumRetention = windows.SizeMs + windows.GraceMs;
        var retention = materialized?.Retention is { } r ? (long)r.TotalMilliseconds : minimumRetention;
        if (retention < minimumRetention)
            throw new ArgumentException($"Retention of store '{storeName}' ({retention} ms) must be at least window size + grace ({minimumRetention} ms).");
        var parent = grouped.AggregationParent(storeName, "Aggregate");
        var name = named?.Name ?? builder.NewName("KSTREAM-AGGREGATE-");
        DslNodes.AddProcessor(builder, name,
            () => new KStreamWindowAggregateProcessor<TKey, TValue, TAggregate>(storeName, windows, initializer, aggregator, firstAggregate,
                emitOnWindowClose: emitStrategy?.OnClose ?? false), parent);
        var store = Stores.InMemoryWindowStore(storeName, TimeSpan.FromMilliseconds(retention),
            TimeSpan.FromMilliseconds(windows.SizeMs), keySerde, aggregateSerde);
        if (materialized is { LoggingEnabled: false }) store.WithLoggingDisabled();
        builder.AddStateStore(store, [name]);
        return new KTableImpl<Windowed<TKey>, TAggregate>(builder, name, storeName,
            Serdes.TimeWindowed(keySerde, TimeSpan.FromMilliseconds(windows.SizeMs)), aggregateSerde);
    }

    public IKTable<Windowed<TKey>, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null) =>
        Aggregate(static () => 0L, static (_, _, count) => count + 1,
            (materialized ?? new Materialized<TKey, long>()) with { ValueSerde = materialized?.ValueSerde ?? Serdes.Int64() }, named);

    public IKTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null,
        Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        return Aggregate<TValue>(static () => default!, (_, value, aggregate) => reducer(aggregate, value),
            (materialized ?? new Materialized<TKey, TValue>()) with { ValueSerde = materialized?.ValueSerde ?? grouped.ValueSerde }, named,
            firstAggregate: static value => value);
    }
}
