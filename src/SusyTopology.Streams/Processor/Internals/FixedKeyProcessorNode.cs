using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>Runs an <see cref="IFixedKeyProcessor{TKey,TValueIn,TValueOut}"/> inside the graph.</summary>
internal sealed class FixedKeyProcessorNode<TKey, TValueIn, TValueOut>(string name,
    IFixedKeyProcessor<TKey, TValueIn, TValueOut> processor) : ProcessorNode<TKey, TValueIn>(name)
{
    public override void Init(TaskExecutionContext context) =>
        processor.Init(new FixedKeyNodeProcessorContext<TKey, TValueOut>(context, this, TypedChildren<TKey, TValueOut>()));

    public override void Process(Record<TKey, TValueIn> record) =>
        processor.Process(new FixedKeyRecord<TKey, TValueIn>(record.Key, record.Value, record.Timestamp, record.HeadersOrNull));

    public override void Close() => processor.Close();
}
