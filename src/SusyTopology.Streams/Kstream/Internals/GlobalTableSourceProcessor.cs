using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Kstream.Internals;

/// <summary>Materializes a global table: upserts each record into the store, a null value deletes the key.</summary>
internal sealed class GlobalTableSourceProcessor<TKey, TValue>(string storeName) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IKeyValueStore<TKey, TValue> _store = null!;

    public void Init(IProcessorContext<TKey, TValue> context) =>
        _store = context.GetStateStore<IKeyValueStore<TKey, TValue>>(storeName);

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null) return;
        if (record.Value is null) _store.Delete(record.Key);
        else _store.Put(record.Key, record.Value);
    }
}
