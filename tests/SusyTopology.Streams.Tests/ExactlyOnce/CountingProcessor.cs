using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Tests.ExactlyOnce;

/// <summary>
/// Counts records per key in a change-logged store and forwards each input annotated with the key's running count:
/// under exactly-once the output of a key reads "…|1", "…|2", … with no gap and no repeat, whatever failed.
/// </summary>
public sealed class CountingProcessor(string storeName) : IProcessor<string, string, string, string>
{
    private IProcessorContext<string, string> _context = null!;
    private IKeyValueStore<string, long> _counts = null!;

    public void Init(IProcessorContext<string, string> context)
    {
        _context = context;
        _counts = context.GetStateStore<IKeyValueStore<string, long>>(storeName);
    }

    public void Process(Record<string, string> record)
    {
        var count = (_counts.TryGet(record.Key, out var previous) ? previous : 0) + 1;
        _counts.Put(record.Key, count);
        _context.Forward(record.WithValue($"{record.Value}|{count}"));
    }
}
