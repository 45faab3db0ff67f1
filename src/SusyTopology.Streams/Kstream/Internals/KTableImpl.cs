using SusyTopology.Streams.Processor.Internals;

namespace SusyTopology.Streams.Kstream.Internals;

internal sealed class KTableImpl<TKey, TValue>(InternalTopologyBuilder builder, string nodeName, string storeName,
    ISerde<TKey>? keySerde, ISerde<TValue>? valueSerde) : IKTable<TKey, TValue>
{
    public string NodeName { get; } = nodeName;
    public string QueryableStoreName { get; } = storeName;

    public IKStream<TKey, TValue> ToStream(Named? named = null)
    {
        var name = DslNodes.AddProcessor(builder, named?.Name ?? builder.NewName("KTABLE-TOSTREAM-"),
            () => new PassThroughProcessor<TKey, TValue>(), NodeName);
        return new KStreamImpl<TKey, TValue>(builder, name, keySerde, valueSerde, repartitionRequired: false);
    }
}
