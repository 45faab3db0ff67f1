using Confluent.Kafka;
using SusyTopology.Streams.Kstream;

namespace SusyTopology.Streams.State.Internals;

/// <summary>Typed, metered outer layer of a window store.</summary>
public sealed class MeteredWindowStore<TKey, TValue> : IWindowStore<TKey, TValue>
{
    private readonly IWindowStore<Bytes, byte[]> _inner;
    private readonly ISerde<TKey> _keySerde;
    private readonly ISerde<TValue> _valueSerde;
    private SerializationContext _keyContext;
    private SerializationContext _valueContext;

    public MeteredWindowStore(IWindowStore<Bytes, byte[]> inner, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
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
    public long WindowSizeMs => _inner.WindowSizeMs;
    public long RetentionPeriodMs => _inner.RetentionPeriodMs;

    public void Init(IStateStoreContext context, IStateStore root)
    {
        var topic = StoreChangelog.TopicName(context.ApplicationId, Name);
        _keyContext = new SerializationContext(MessageComponentType.Key, topic);
        _valueContext = new SerializationContext(MessageComponentType.Value, topic);
        _inner.Init(context, root);
    }

    private Bytes KeyBytes(TKey key) =>
        new(_keySerde.Serializer.Serialize(key, _keyContext) ?? throw new ArgumentNullException(nameof(key)));

    private TValue ToValue(byte[] bytes) => _valueSerde.Deserializer.Deserialize(bytes, false, _valueContext);

    private TKey ToKey(Bytes bytes) => _keySerde.Deserializer.Deserialize(bytes.Data, false, _keyContext);

    public void Put(TKey key, TValue? value, long windowStartMs)
    {
        var started = StoreMetrics.Start(StoreMetrics.PutLatency);
        _inner.Put(KeyBytes(key), value is null ? null : _valueSerde.Serializer.Serialize(value, _valueContext), windowStartMs);
        StoreMetrics.Stop(StoreMetrics.PutLatency, started, Name);
    }

    public bool TryFetch(TKey key, long windowStartMs, out TValue value)
    {
        var started = StoreMetrics.Start(StoreMetrics.GetLatency);
        var found = _inner.TryFetch(KeyBytes(key), windowStartMs, out var bytes);
        value = found ? ToValue(bytes) : default!;
        StoreMetrics.Stop(StoreMetrics.GetLatency, started, Name);
        return found;
    }

    public TValue? Fetch(TKey key, long windowStartMs) => TryFetch(key, windowStartMs, out var value) ? value : default;

    public IReadOnlyList<KeyValuePair<long, TValue>> Fetch(TKey key, long fromMs, long toMs)
    {
        var raw = _inner.Fetch(KeyBytes(key), fromMs, toMs);
        var result = new List<KeyValuePair<long, TValue>>(raw.Count);
        foreach (var entry in raw) result.Add(new(entry.Key, ToValue(entry.Value)));
        return result;
    }

    public IReadOnlyList<KeyValuePair<Windowed<TKey>, TValue>> FetchAll(long fromMs, long toMs) => Convert(_inner.FetchAll(fromMs, toMs));

    public IReadOnlyList<KeyValuePair<Windowed<TKey>, TValue>> All() => Convert(_inner.All());

    private List<KeyValuePair<Windowed<TKey>, TValue>> Convert(IReadOnlyList<KeyValuePair<Windowed<Bytes>, byte[]>> raw)
    {
        var result = new List<KeyValuePair<Windowed<TKey>, TValue>>(raw.Count);
        foreach (var entry in raw)
            result.Add(new(new Windowed<TKey>(ToKey(entry.Key.Key), entry.Key.Window), ToValue(entry.Value)));
        return result;
    }

    public void Flush() => _inner.Flush();
    public void Close() => _inner.Close();
}
