using Confluent.Kafka;

namespace SusyTopology.Streams.Processor.Api;

/// <summary>
/// A record whose key a processor cannot change (only the engine creates one), so a value-only processor provably
/// keeps the partitioning and no repartition is ever needed after it.
/// </summary>
public readonly struct FixedKeyRecord<TKey, TValue>
{
    private readonly Headers? _headers;

    internal FixedKeyRecord(TKey key, TValue value, long timestamp, Headers? headers)
    {
        Key = key;
        Value = value;
        Timestamp = timestamp;
        _headers = headers ?? new Headers();
    }

    public TKey Key { get; }
    public TValue Value { get; }
    public long Timestamp { get; }
    public Headers Headers => _headers ?? new Headers();

    internal Headers? HeadersOrNull => _headers;

    public FixedKeyRecord<TKey, TNewValue> WithValue<TNewValue>(TNewValue value) => new(Key, value, Timestamp, _headers);
    public FixedKeyRecord<TKey, TValue> WithTimestamp(long timestamp) => new(Key, Value, timestamp, _headers);
    public FixedKeyRecord<TKey, TValue> WithHeaders(Headers headers) => new(Key, Value, Timestamp, headers);

    internal Record<TKey, TValue> ToRecord() => new(Key, Value, Timestamp, _headers);
}
