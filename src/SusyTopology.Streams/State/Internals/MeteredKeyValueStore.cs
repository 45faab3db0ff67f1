using Confluent.Kafka;

namespace SusyTopology.Streams.State.Internals;

/// <summary>
/// The outermost layer: turns typed calls into byte-level ones with the store's serdes and records latencies.
/// Serdes see the changelog topic name, as in Kafka Streams, so schema-registry serdes pick a stable subject.
/// </summary>
public sealed class MeteredKeyValueStore<TKey, TValue> : IKeyValueStore<TKey, TValue>
{
    private readonly IKeyValueStore<Bytes, byte[]> _inner;
    private readonly ISerde<TKey> _keySerde;
    private readonly ISerde<TValue> _valueSerde;
    private SerializationContext _keyContext;
    private SerializationContext _valueContext;

    public MeteredKeyValueStore(IKeyValueStore<Bytes, byte[]> inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        _inner = inner;
        _keySerde = keySerde;
        _valueSerde = valueSerde;
        _keyContext = new SerializationContext(MessageComponentType.Key, inner.Name);
        _valueContext = new SerializationContext(MessageComponentType.Value, inner.Name);
    }

    public string Name => _inner.Name;
    public bool Persistent => _inner.Persistent;
    public bool IsOpen => _inner.IsOpen;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        var topic = StoreChangelog.TopicName(context.ApplicationId, Name);
        _keyContext = new SerializationContext(MessageComponentType.Key, topic);
        _valueContext = new SerializationContext(MessageComponentType.Value, topic);
        _inner.Init(context, root);
    }

    private Bytes KeyBytes(TKey key) =>
        new(_keySerde.Serializer.Serialize(key, _keyContext) ?? throw new ArgumentNullException(nameof(key)));

    private byte[]? ValueBytes(TValue value) => value is null ? null : _valueSerde.Serializer.Serialize(value, _valueContext);

    private TValue ToValue(byte[] bytes) => _valueSerde.Deserializer.Deserialize(bytes, false, _valueContext);

    private TKey ToKey(Bytes bytes) => _keySerde.Deserializer.Deserialize(bytes.Data, false, _keyContext);

    public bool TryGet(TKey key, out TValue value)
    {
        var started = StoreMetrics.Start(StoreMetrics.GetLatency);
        var found = _inner.TryGet(KeyBytes(key), out var bytes);
        value = found ? ToValue(bytes) : default!;
        StoreMetrics.Stop(StoreMetrics.GetLatency, started, Name);
        return found;
    }

    public TValue? Get(TKey key) => TryGet(key, out var value) ? value : default;

    public void Put(TKey key, TValue value)
    {
        var started = StoreMetrics.Start(StoreMetrics.PutLatency);
        var bytes = ValueBytes(value);
        if (bytes is null) _inner.Delete(KeyBytes(key));
        else _inner.Put(KeyBytes(key), bytes);
        StoreMetrics.Stop(StoreMetrics.PutLatency, started, Name);
    }

    public TValue? PutIfAbsent(TKey key, TValue value)
    {
        var bytes = ValueBytes(value) ?? throw new ArgumentNullException(nameof(value));
        var previous = _inner.PutIfAbsent(KeyBytes(key), bytes);
        return previous is null ? default : ToValue(previous);
    }

    public void PutAll(IEnumerable<KeyValuePair<TKey, TValue>> entries)
    {
        foreach (var entry in entries) Put(entry.Key, entry.Value);
    }

    public TValue? Delete(TKey key)
    {
        var old = _inner.Delete(KeyBytes(key));
        return old is null ? default : ToValue(old);
    }

    public IReadOnlyList<KeyValuePair<TKey, TValue>> Range(TKey from, TKey to) => Convert(_inner.Range(KeyBytes(from), KeyBytes(to)));

    public IReadOnlyList<KeyValuePair<TKey, TValue>> All() => Convert(_inner.All());

    private List<KeyValuePair<TKey, TValue>> Convert(IReadOnlyList<KeyValuePair<Bytes, byte[]>> raw)
    {
        var result = new List<KeyValuePair<TKey, TValue>>(raw.Count);
        foreach (var entry in raw) result.Add(new(ToKey(entry.Key), ToValue(entry.Value)));
        return result;
    }

    public long ApproximateNumEntries => _inner.ApproximateNumEntries;
    public void Flush() => _inner.Flush();
    public void Close() => _inner.Close();
}
