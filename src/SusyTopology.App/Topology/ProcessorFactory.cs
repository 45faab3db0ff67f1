using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;

namespace SusyTopology.App.Topology;

/// <summary>
/// Streamiz instantiates a processor per task by reflection (a parameterless instance at build time, then one per
/// task from the builder's arguments). These suppliers take a factory instead, so processors keep ordinary
/// constructors with their dependencies.
/// </summary>
public static class ProcessorFactory
{
    public static TransformerSupplier<TKey, TValue, TKeyOut, TValueOut> Transformer<TKey, TValue, TKeyOut, TValueOut>(
        Func<ITransformer<TKey, TValue, TKeyOut, TValueOut>> factory, IStoreBuilder? store = null)
    {
        var builder = TransformerBuilder.New<TKey, TValue, TKeyOut, TValueOut>()
            .Transformer<FactoryTransformer<TKey, TValue, TKeyOut, TValueOut>>(factory);
        if (store != null) builder = builder.StateStore(store);
        return builder.Build();
    }

    public static ProcessorSupplier<TKey, TValue> Processor<TKey, TValue>(Func<IProcessor<TKey, TValue>> factory) =>
        ProcessorBuilder.New<TKey, TValue>().Processor<FactoryProcessor<TKey, TValue>>(factory).Build();
}

/// <summary>A transformer made by a factory (see <see cref="ProcessorFactory"/>).</summary>
public sealed class FactoryTransformer<TKey, TValue, TKeyOut, TValueOut> : ITransformer<TKey, TValue, TKeyOut, TValueOut>
{
    private readonly ITransformer<TKey, TValue, TKeyOut, TValueOut>? _inner;

    /// <summary>The instance Streamiz makes when the topology is built; it never processes a record.</summary>
    public FactoryTransformer()
    {
    }

    public FactoryTransformer(Func<ITransformer<TKey, TValue, TKeyOut, TValueOut>> factory) => _inner = factory();

    private ITransformer<TKey, TValue, TKeyOut, TValueOut> Inner =>
        _inner ?? throw new InvalidOperationException("The build-time placeholder of a factory transformer cannot process records.");

    public void Init(ProcessorContext<TKeyOut, TValueOut> context) => Inner.Init(context);
    public Record<TKeyOut, TValueOut> Process(Record<TKey, TValue> record) => Inner.Process(record);
    public void Close() => _inner?.Close();
}

/// <summary>A processor made by a factory (see <see cref="ProcessorFactory"/>).</summary>
public sealed class FactoryProcessor<TKey, TValue> : IProcessor<TKey, TValue>
{
    private readonly IProcessor<TKey, TValue>? _inner;

    /// <summary>The instance Streamiz makes when the topology is built; it never processes a record.</summary>
    public FactoryProcessor()
    {
    }

    public FactoryProcessor(Func<IProcessor<TKey, TValue>> factory) => _inner = factory();

    private IProcessor<TKey, TValue> Inner =>
        _inner ?? throw new InvalidOperationException("The build-time placeholder of a factory processor cannot process records.");

    public void Init(ProcessorContext<TKey, TValue> context) => Inner.Init(context);
    public void Process(Record<TKey, TValue> record) => Inner.Process(record);
    public void Close() => _inner?.Close();
}
