using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Kstream.Internals;

/// <summary>Keyed running aggregate in a key-value store; forwards every new aggregate.</summary>
internal sealed class KStreamAggregateProcessor<TKey, TValue, TAggregate>(string storeName, Func<TAggregate> initializer,
    Func<TKey, TValue, TAggregate, TAggregate> aggregator,
    Func<TValue, TAggregate>? firstAggregate = null) : IProcessor<TKey, TValue, TKey, TAggregate>
{
    private IProcessorContext<TKey, TAggregate> _context = null!;
    private IKeyValueStore<TKey, TAggregate> _store = null!;

    public void Init(IProcessorContext<TKey, TAggregate> context)
    {
        _context = context;
        _store = context.GetStateStore<IKeyValueStore<TKey, TAggregate>>(storeName);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.Value is null) return; // Kafka skips null keys and values in aggregations
        // Reduce has no initializer: its first value is the aggregate (firstAggregate).
        var updated = _store.TryGet(record.Key, out var existing) ? aggregator(record.Key, record.Value, existing)
            : firstAggregate is null ? aggregator(record.Key, record.Value, initializer()) : firstAggregate(record.Value);
        _store.Put(record.Key, updated);
        _context.Forward(record.WithValue(updated));
    }
}
