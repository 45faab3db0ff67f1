namespace SusyTopology.Streams.Kstream;

/// <summary>A grouped stream cut into time windows; results are keyed by <see cref="Windowed{TKey}"/>.</summary>
public interface ITimeWindowedKStream<TKey, TValue>
{
    /// <summary>Chooses between emitting every window update (default) and only final window results.</summary>
    ITimeWindowedKStream<TKey, TValue> WithEmitStrategy(EmitStrategy emitStrategy);

    IKTable<Windowed<TKey>, TAggregate> Aggregate<TAggregate>(Func<TAggregate> initializer,
        Func<TKey, TValue, TAggregate, TAggregate> aggregator, Materialized<TKey, TAggregate>? materialized = null, Named? named = null);

    IKTable<Windowed<TKey>, long> Count(Materialized<TKey, long>? materialized = null, Named? named = null);

    IKTable<Windowed<TKey>, TValue> Reduce(Func<TValue, TValue, TValue> reducer, Materialized<TKey, TValue>? materialized = null,
        Named? named = null);
}
