using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>Runs a user (or DSL) <see cref="IProcessor{TKeyIn,TValueIn,TKeyOut,TValueOut}"/> inside the graph.</summary>
internal sealed class ProcessorAdapterNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(string name,
    IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut> processor) : ProcessorNode<TKeyIn, TValueIn>(name)
{
    public override void Init(TaskExecutionContext context) =>
        processor.Init(new NodeProcessorContext<TKeyOut, TValueOut>(context, this, TypedChildren<TKeyOut, TValueOut>()));

    public override void Process(Record<TKeyIn, TValueIn> record) => processor.Process(record);

    public override void Close() => processor.Close();
}
