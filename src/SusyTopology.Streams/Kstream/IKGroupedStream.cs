namespace SusyTopology.Streams.Kstream;

/// <summary>A stream grouped by key, ready for aggregation (records with null keys are dropped).</summary>
public interface IKGroupedStream<TKey, TValue>
{
    IKTable<TKey, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator,
        Materialized<TKey, TAggregate>? materialized = null, Named? named = null);

    IKTable<TKey, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null);

    IKTable<TKey, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null, Named? named = null);

    ITimeWindowedKStream<TKey, TValue> WindowedBy(TimeWindows windows);
}
