using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>The context of a fixed-key processor: forwards only records whose key the engine created.</summary>
internal sealed class FixedKeyNodeProcessorContext<TKey, TValueOut>(TaskExecutionContext task, ProcessorNode node,
    ProcessorNode<TKey, TValueOut>[] children)
    : NodeProcessorContext<TKey, TValueOut>(task, node, children), IFixedKeyProcessorContext<TKey, TValueOut>
{
    public void Forward(FixedKeyRecord<TKey, TValueOut> record) => Forward(record.ToRecord());

    public void Forward(FixedKeyRecord<TKey, TValueOut> record, string childName) => Forward(record.ToRecord(), childName);
}
