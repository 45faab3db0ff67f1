using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>Counts the records of each key in the change-logged store and emits "input|count".</summary>
internal sealed class CountingTransformer : ITransformer<string, string, string, string>
{
    private IKeyValueStore<string, long>? _counts;

    public void Init(ProcessorContext<string, string> context) =>
        _counts = (IKeyValueStore<string, long>)context.GetStateStore(CountingTopology.Store);

    public Record<string, string> Process(Record<string, string> record)
    {
        var count = _counts!.Get(record.Key) + 1;
        _counts.Put(record.Key, count);
        return Record<string, string>.Create(record.Key, $"{record.Value}|{count}");
    }

    public void Close() { }
}
