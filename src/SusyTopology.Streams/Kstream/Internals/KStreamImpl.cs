using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Processor.Internals;

namespace SusyTopology.Streams.Kstream.Internals;

/// <summary>
/// The DSL stream: a node name plus what is known downstream of it — serdes while types are unchanged, and
/// whether the key may have changed (then a grouping must repartition first).
/// </summary>
internal sealed class KStreamImpl<TKey, TValue>(InternalTopologyBuilder builder, string nodeName, ISerde<TKey>? keySerde,
    ISerde<TValue>? valueSerde, bool repartitionRequired) : IKStream<TKey, TValue>
{
    internal InternalTopologyBuilder Builder { get; } = builder;
    public string NodeName { get; } = nodeName;
    internal ISerde<TKey>? KeySerde { get; } = keySerde;
    internal ISerde<TValue>? ValueSerde { get; } = valueSerde;
    internal bool RepartitionRequired { get; } = repartitionRequired;

    private string Name(Named? named, string prefix) => named?.Name ?? Builder.NewName(prefix);

    private KStreamImpl<TKey, TValue> Same(string node) => new(Builder, node, KeySerde, ValueSerde, RepartitionRequired);

    public IKStream<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Same(DslNodes.AddProcessor(Builder, Name(named, "KSTREAM-FILTER-"),
            () => new FilterProcessor<TKey, TValue>(predicate, true), NodeName));
    }

    public IKStream<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Same(DslNodes.AddProcessor(Builder, Name(named, "KSTREAM-FILTER-"),
            () => new FilterProcessor<TKey, TValue>(predicate, false), NodeName));
    }

    public IKStream<TNewKey, TNewValue> Map<TNewKey, TNewValue>(Func<TKey, TValue, (TNewKey Key, TNewValue Value)> mapper,
        Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        var name = DslNodes.AddProcessor(Builder, Name(named, "KSTREAM-MAP-"),
            () => new MapProcessor<TKey, TValue, TNewKey, TNewValue>(mapper), NodeName);
        return new KStreamImpl<TNewKey, TNewValue>(Builder, name, null, null, repartitionRequired: true);
    }

    public IKStream<TNewKey, TValue> SelectKey<TNewKey>(Func<TKey, TValue, TNewKey> keySelector, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(keySelector);
        var name = DslNodes.AddProcessor(Builder, Name(named, "KSTREAM-KEY-SELECT-"),
            () => new MapProcessor<TKey, TValue, TNewKey, TValue>((k, v) => (keySelector(k, v), v)), NodeName);
        return new KStreamImpl<TNewKey, TValue>(Builder, name, null, ValueSerde, repartitionRequired: true);
    }

    public IKStream<TKey, TNewValue> MapValues<TNewValue>(Func<TValue, TNewValue> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return MapValues<TNewValue>((_, v) => mapper(v), named);
    }

    public IKStream<TKey, TNewValue> MapValues<TNewValue>(Func<TKey, TValue, TNewValue> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        var name = DslNodes.AddProcessor(Builder, Name(named, "KSTREAM-MAPVALUES-"),
            () => new MapValuesProcessor<TKey, TValue, TNewValue>(mapper), NodeName);
        return new KStreamImpl<TKey, TNewValue>(Builder, name, KeySerde, null, RepartitionRequired);
    }

    public IKStream<TNewKey, TNewValue> FlatMap<TNewKey, TNewValue>(
        Func<TKey, TValue, IEnumerable<(TNewKey Key, TNewValue Value)>> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        var name = DslNodes.AddProcessor(Builder, Name(named, "KSTREAM-FLATMAP-"),
            () => new FlatMapProcessor<TKey, TValue, TNewKey, TNewValue>(mapper), NodeName);
        return new KStreamImpl<TNewKey, TNewValue>(Builder, name, null, null, repartitionRequired: true);
    }

    public IKStream<TKey, TNewValue> FlatMapValues<TNewValue>(Func<TValue, IEnumerable<TNewValue>> mapper, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        var name = DslNodes.AddProcessor(Builder, Name(named, "KSTREAM-FLATMAPVALUES-"),
            () => new FlatMapValuesProcessor<TKey, TValue, TNewValue>(mapper), NodeName);
        return new KStreamImpl<TKey, TNewValue>(Builder, name, KeySerde, null, RepartitionRequired);
    }

    public void Foreach(Action<TKey, TValue> action, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        DslNodes.AddProcessor(Builder, Name(named, "KSTREAM-FOREACH-"), () => new PeekProcessor<TKey, TValue>(action), NodeName);
    }

    public IKStream<TKey, TValue> Peek(Action<TKey, TValue> action, Named? named = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Same(DslNodes.AddProcessor(Builder, Name(named, "KSTREAM-PEEK-"),
            () => new PeekProcessor<TKey, TValue>(action), NodeName));
    }

    public IKStream<TKey, TValue> Merge(IKStream<TKey, TValue> other, Named? named = null)
    {
        if (other is not KStreamImpl<TKey, TValue> otherImpl || otherImpl.Builder != Builder)
            throw new ArgumentException("Only streams of the same StreamsBuilder can be merged.", nameof(other));
        var name = DslNodes.AddProcessor(Builder, Name(named, "KSTREAM-MERGE-"),
            () => new PassThroughProcessor<TKey, TValue>(), NodeName, otherImpl.NodeName);
        return new KStreamImpl<TKey, TValue>(Builder, name,
            ReferenceEquals(KeySerde, otherImpl.KeySerde) ? KeySerde : null,
            ReferenceEquals(ValueSerde, otherImpl.ValueSerde) ? ValueSerde : null,
            RepartitionRequired || otherImpl.RepartitionRequired);
    }

    public IBranchedKStream<TKey, TValue> Split(Named? named = null) =>
        new BranchedKStreamImpl<TKey, TValue>(this, Name(named, "KSTREAM-BRANCH-"));

    public IKStream<TNewKey, TNewValue> Process<TNewKey, TNewValue>(ProcessorSupplier<TKey, TValue, TNewKey, TNewValue> supplier,
        Named? named = null, params string[] stateStoreNames)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        var name = DslNodes.AddProcessor(Builder, Name(named, "KSTREAM-PROCESSOR-"), () => supplier(), NodeName);
        if (stateStoreNames.Length > 0) Builder.ConnectProcessorAndStores([name], stateStoreNames);
        return new KStreamImpl<TNewKey, TNewValue>(Builder, name, null, null, repartitionRequired: true);
    }

    public IKStream<TKey, TNewValue> ProcessValues<TNewValue>(FixedKeyProcessorSupplier<TKey, TValue, TNewValue> supplier,
        Named? named = null, params string[] stateStoreNames)
    {
        ArgumentNullException.ThrowIfNull(supplier);
        var name = Name(named, "KSTREAM-PROCESSVALUES-");
        Builder.AddProcessor(name, () => new FixedKeyProcessorNode<TKey, TValue, TNewValue>(name, supplier()), [NodeName]);
        if (stateStoreNames.Length > 0) Builder.ConnectProcessorAndStores([name], stateStoreNames);
        return new KStreamImpl<TKey, TNewValue>(Builder, name, KeySerde, null, RepartitionRequired);
    }

    public IKStream<TKey, TValue> Repartition(Repartitioned<TKey, TValue>? repartitioned = null)
    {
        var keySerde = DslNodes.Require(repartitioned?.KeySerde ?? KeySerde, "key", "Repartition");
        var valueSerde = DslNodes.Require(repartitioned?.ValueSerde ?? ValueSerde, "value", "Repartition");
        var baseName = repartitioned?.Name ?? Builder.NewName("KSTREAM-REPARTITION-");
        var source = DslNodes.AddRepartition(Builder, NodeName, baseName, keySerde, valueSerde, repartitioned?.NumberOfPartitions);
        return new KStreamImpl<TKey, TValue>(Builder, source, keySerde, valueSerde, repartitionRequired: false);
    }

    public void To(string topic, Produced<TKey, TValue>? produced = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        var (name, keySerde, valueSerde) = SinkSettings(produced);
        Builder.AddSink(name, topic, null,
            resolved => new SinkNode<TKey, TValue>(name, resolved, null, keySerde.Serializer, valueSerde.Serializer), [NodeName]);
    }

    public void To(ITopicNameExtractor<TKey, TValue> topicExtractor, Produced<TKey, TValue>? produced = null)
    {
        ArgumentNullException.ThrowIfNull(topicExtractor);
        var (name, keySerde, valueSerde) = SinkSettings(produced);
        Builder.AddSink(name, null, topicExtractor.GetType().Name,
            _ => new SinkNode<TKey, TValue>(name, null, topicExtractor, keySerde.Serializer, valueSerde.Serializer), [NodeName]);
    }

    private (string Name, ISerde<TKey> Key, ISerde<TValue> Value) SinkSettings(Produced<TKey, TValue>? produced) => (
        produced?.Name ?? Builder.NewName("KSTREAM-SINK-"),
        DslNodes.Require(produced?.KeySerde ?? KeySerde, "key", "To"),
        DslNodes.Require(produced?.ValueSerde ?? ValueSerde, "value", "To"));

    public IKGroupedStream<TKey, TValue> GroupByKey(Grouped<TKey, TValue>? grouped = null) =>
        new KGroupedStreamImpl<TKey, TValue>(Builder, NodeName, grouped?.KeySerde ?? KeySerde, grouped?.ValueSerde ?? ValueSerde,
            RepartitionRequired, grouped?.Name);

    public IKGroupedStream<TNewKey, TValue> GroupBy<TNewKey>(Func<TKey, TValue, TNewKey> keySelector,
        Grouped<TNewKey, TValue>? grouped = null)
    {
        var selected = (KStreamImpl<TNewKey, TValue>)SelectKey(keySelector);
        return new KGroupedStreamImpl<TNewKey, TValue>(Builder, selected.NodeName, grouped?.KeySerde,
            grouped?.ValueSerde ?? ValueSerde, repartitionRequired: true, grouped?.Name);
    }
}
