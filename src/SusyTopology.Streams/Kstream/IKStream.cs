using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Kstream;

/// <summary>A record stream, as Kafka Streams' KStream. Every operation adds nodes to the builder's topology.</summary>
public interface IKStream<TKey, TValue>
{
    /// <summary>Name of the node that produces this stream.</summary>
    string NodeName { get; }

    IKStream<TKey, TValue> Filter(Func<TKey, TValue, bool> predicate, Named? named = null);

    IKStream<TKey, TValue> FilterNot(Func<TKey, TValue, bool> predicate, Named? named = null);

    /// <summary>Changes key and value; a later grouping repartitions by the new key.</summary>
    IKStream<TNewKey, TNewValue> Map<TNewKey, TNewValue>(Func<TKey, TValue, (TNewKey Key, TNewValue Value)> mapper, Named? named = null);

    /// <summary>Changes the key only; a later grouping repartitions by the new key.</summary>
    IKStream<TNewKey, TValue> SelectKey<TNewKey>(Func<TKey, TValue, TNewKey> keySelector, Named? named = null);

    IKStream<TKey, TNewValue> MapValues<TNewValue>(Func<TValue, TNewValue> mapper, Named? named = null);

    IKStream<TKey, TNewValue> MapValues<TNewValue>(Func<TKey, TValue, TNewValue> mapper, Named? named = null);

    /// <summary>Emits zero or more records per input record; a later grouping repartitions by the new keys.</summary>
    IKStream<TNewKey, TNewValue> FlatMap<TNewKey, TNewValue>(Func<TKey, TValue, IEnumerable<(TNewKey Key, TNewValue Value)>> mapper,
        Named? named = null);

    /// <summary>Emits zero or more values per input record, keeping its key.</summary>
    IKStream<TKey, TNewValue> FlatMapValues<TNewValue>(Func<TValue, IEnumerable<TNewValue>> mapper, Named? named = null);

    /// <summary>Terminal: runs an action for every record.</summary>
    void Foreach(Action<TKey, TValue> action, Named? named = null);

    IKStream<TKey, TValue> Peek(Action<TKey, TValue> action, Named? named = null);

    /// <summary>Merges another stream of the same builder into this one.</summary>
    IKStream<TKey, TValue> Merge(IKStream<TKey, TValue> other, Named? named = null);

    /// <summary>Starts content-based branching: each record goes to the first branch whose predicate holds.</summary>
    IBranchedKStream<TKey, TValue> Split(Named? named = null);

    /// <summary>Runs a processor (fresh per task) with access to the named stores; may change keys.</summary>
    IKStream<TNewKey, TNewValue> Process<TNewKey, TNewValue>(ProcessorSupplier<TKey, TValue, TNewKey, TNewValue> supplier,
        Named? named = null, params string[] stateStoreNames);

    /// <summary>Runs a value-only processor (fresh per task) with access to the named stores; keeps keys and partitioning.</summary>
    IKStream<TKey, TNewValue> ProcessValues<TNewValue>(FixedKeyProcessorSupplier<TKey, TValue, TNewValue> supplier,
        Named? named = null, params string[] stateStoreNames);

    /// <summary>Writes the stream through an internal topic (&lt;application.id&gt;-&lt;name&gt;-repartition) and reads it back.</summary>
    IKStream<TKey, TValue> Repartition(Repartitioned<TKey, TValue>? repartitioned = null);

    void To(string topic, Produced<TKey, TValue>? produced = null);

    void To(ITopicNameExtractor<TKey, TValue> topicExtractor, Produced<TKey, TValue>? produced = null);

    IKGroupedStream<TKey, TValue> GroupByKey(Grouped<TKey, TValue>? grouped = null);

    IKGroupedStream<TNewKey, TValue> GroupBy<TNewKey>(Func<TKey, TValue, TNewKey> keySelector, Grouped<TNewKey, TValue>? grouped = null);
}
