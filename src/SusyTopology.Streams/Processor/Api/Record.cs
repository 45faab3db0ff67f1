using Confluent.Kafka;

namespace SusyTopology.Streams.Processor.Api;

/// <summary>
/// One data record flowing through a topology: key, value, timestamp (epoch ms) and headers. A struct so that
/// forwarding through a chain of processors does not allocate; the With* methods return modified copies that share
/// the same (mutable, as in Kafka) headers.
/// </summary>
public readonly struct Record<TKey, TValue>
{
    private readonly Headers? _headers;

    public Record(TKey key, TValue value, long timestamp, Headers? headers = null)
    {
        if (timestamp < 0) throw new ArgumentOutOfRangeException(nameof(timestamp), "timestamps must not be negative");
        Key = key;
        Value = value;
        Timestamp = timestamp;
        // Always a real instance: a header added by one processor must reach the next one and the sink.
        _headers = headers ?? new Headers();
    }

    public TKey Key { get; }
    public TValue Value { get; }
    public long Timestamp { get; }

    /// <summary>The record's headers (only a default-initialized struct has none: it gets an empty, detached set).</summary>
    public Headers Headers => _headers ?? new Headers();

    internal Headers? HeadersOrNull => _headers;

    public Record<TNewKey, TValue> WithKey<TNewKey>(TNewKey key) => new(key, Value, Timestamp, _headers);
    public Record<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(Key, value, Timestamp, _headers);
    public Record<TKey, TValue> WithTimestamp(long timestamp) => new(Key, Value, timestamp, _headers);
    public Record<TKey, TValue> WithHeaders(Headers headers) => new(Key, Value, Timestamp, headers);

    public override string ToString() => $"Record(key={Key}, value={Value}, timestamp={Timestamp})";
}
