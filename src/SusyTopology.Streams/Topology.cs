using Confluent.Kafka;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Processor.Internals;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams;

/// <summary>
/// A processing graph of sources, processors, stores and sinks — built by hand with this processor API or by
/// <see cref="StreamsBuilder"/>. Immutable in practice once handed to a runtime or a test driver.
/// </summary>
public sealed class Topology
{
    internal InternalTopologyBuilder Builder { get; } = new();

    /// <summary>Adds a source reading <paramref name="topics"/> with the given deserializers.</summary>
    public Topology AddSource<TKey, TValue>(string name, IDeserializer<TKey> keyDeserializer,
        IDeserializer<TValue> valueDeserializer, params string[] topics)
    {
        ArgumentNullException.ThrowIfNull(keyDeserializer);
        ArgumentNullException.ThrowIfNull(valueDeserializer);
        Builder.AddSource(name, topics, resolved => new SourceNode<TKey, TValue>(name, resolved, keyDeserializer, valueDeserializer));
        return this;
    }

    /// <summary>Adds a source whose records take their event time from <paramref name="timestampExtractor"/>.</summary>
    public Topology AddSource<TKey, TValue>(string name, ITimestampExtractor<TKey, TValue> timestampExtractor,
        IDeserializer<TKey> keyDeserializer, IDeserializer<TValue> valueDeserializer, params string[] topics)
    {
        ArgumentNullException.ThrowIfNull(timestampExtractor);
        ArgumentNullException.ThrowIfNull(keyDeserializer);
        ArgumentNullException.ThrowIfNull(valueDeserializer);
        Builder.AddSource(name, topics,
            resolved => new SourceNode<TKey, TValue>(name, resolved, keyDeserializer, valueDeserializer, timestampExtractor));
        return this;
    }

    /// <summary>Adds a processor; <paramref name="supplier"/> is called once per task.</summary>
    public Topology AddProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>(string name,
        ProcessorSupplier<TKeyIn, TValueIn, TKeyOut, TValueOut> supplier, params string[] parentNames)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        Builder.AddProcessor(name, () => new ProcessorAdapterNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(name, supplier()), parentNames);
        return this;
    }

    /// <summary>Adds a sink writing to a fixed topic.</summary>
    public Topology AddSink<TKey, TValue>(string name, string topic, ISerializer<TKey> keySerializer,
        ISerializer<TValue> valueSerializer, params string[] parentNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(keySerializer);
        ArgumentNullException.ThrowIfNull(valueSerializer);
        Builder.AddSink(name, topic, null,
            resolved => new SinkNode<TKey, TValue>(name, resolved, null, keySerializer, valueSerializer), parentNames);
        return this;
    }

    /// <summary>Adds a sink that picks the topic of every record.</summary>
    public Topology AddSink<TKey, TValue>(string name, ITopicNameExtractor<TKey, TValue> topicExtractor,
        ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer, params string[] parentNames)
    {
        ArgumentNullException.ThrowIfNull(topicExtractor);
        Builder.AddSink(name, null, topicExtractor.GetType().Name,
            _ => new SinkNode<TKey, TValue>(name, null, topicExtractor, keySerializer, valueSerializer), parentNames);
        return this;
    }

    /// <summary>Adds a store (one instance per task) and connects it to the named processors.</summary>
    public Topology AddStateStore(IStoreBuilder storeBuilder, params string[] processorNames)
    {
        ArgumentNullException.ThrowIfNull(storeBuilder);
        Builder.AddStateStore(storeBuilder, processorNames);
        return this;
    }

    public Topology ConnectProcessorAndStateStores(string processorName, params string[] storeNames)
    {
        Builder.ConnectProcessorAndStores([processorName], storeNames);
        return this;
    }

    /// <summary>
    /// Adds a global store: every instance reads ALL partitions of <paramref name="topic"/> through
    /// <paramref name="stateUpdateSupplier"/>, which writes the store. Any processor may read the store by name.
    /// The store must have logging disabled: the topic itself is its changelog.
    /// </summary>
    public Topology AddGlobalStore<TKey, TValue>(IStoreBuilder storeBuilder, string sourceName,
        IDeserializer<TKey> keyDeserializer, IDeserializer<TValue> valueDeserializer, string topic, string processorName,
        ProcessorSupplier<TKey, TValue, TKey, TValue> stateUpdateSupplier)
    {
        ArgumentNullException.ThrowIfNull(storeBuilder);
        ArgumentNullException.ThrowIfNull(stateUpdateSupplier);
        Builder.AddSource(sourceName, [topic],
            resolved => new SourceNode<TKey, TValue>(sourceName, resolved, keyDeserializer, valueDeserializer), isGlobal: true);
        Builder.AddProcessor(processorName,
            () => new ProcessorAdapterNode<TKey, TValue, TKey, TValue>(processorName, stateUpdateSupplier()), [sourceName],
            isGlobal: true);
        Builder.AddGlobalStore(storeBuilder, processorName);
        return this;
    }

    /// <summary>The structure of the topology, printable like Kafka Streams' TopologyDescription.</summary>
    public TopologyDescription Describe() => TopologyDescription.From(Builder);

    /// <summary>Everything the runtime must know to create topics and tasks, with internal names resolved for the application.</summary>
    public TopologyMetadata Metadata(string applicationId) => TopologyMetadata.From(Builder, applicationId);

    public override string ToString() => Describe().ToString();
}
