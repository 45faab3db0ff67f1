using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Processor.Internals;

namespace SusyTopology.Streams.Kstream.Internals;

/// <summary>Shared helpers the DSL classes use to add nodes to the logical topology.</summary>
internal static class DslNodes
{
    public static string AddProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>(InternalTopologyBuilder builder, string name,
        Func<IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>> create, params string[] parents)
    {
        builder.AddProcessor(name, () => new ProcessorAdapterNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(name, create()), parents);
        return name;
    }

    public static ISerde<T> Require<T>(ISerde<T>? serde, string what, string operation) =>
        serde ?? Serdes.Default<T>() ?? throw new InvalidOperationException(
            $"{operation} needs a {what} serde for {typeof(T).Name}: pass it in the operation's options " +
            "(Consumed/Produced/Grouped/Repartitioned/Materialized); it is inherited only while the type is unchanged, " +
            "and only string, int, long, double and byte[] have built-in defaults.");

    /// <summary>
    /// Adds null-key filter → sink to the repartition topic &lt;baseName&gt;-repartition → source reading it back,
    /// and returns the source's name. The sink and the source end up in different sub-topologies.
    /// </summary>
    public static string AddRepartition<TKey, TValue>(InternalTopologyBuilder builder, string parent, string baseName,
        ISerde<TKey> keySerde, ISerde<TValue> valueSerde, int? partitions)
    {
        var topic = baseName + "-repartition";
        builder.AddRepartitionTopic(topic, partitions);
        var filterName = AddProcessor(builder, baseName + "-repartition-filter",
            () => new NullKeyFilterProcessor<TKey, TValue>(), parent);
        var sinkName = baseName + "-repartition-sink";
        builder.AddSink(sinkName, topic, null,
            resolved => new SinkNode<TKey, TValue>(sinkName, resolved, null, keySerde.Serializer, valueSerde.Serializer), [filterName]);
        var sourceName = baseName + "-repartition-source";
        builder.AddSource(sourceName, [topic],
            resolved => new SourceNode<TKey, TValue>(sourceName, resolved, keySerde.Deserializer, valueSerde.Deserializer));
        return sourceName;
    }
}
