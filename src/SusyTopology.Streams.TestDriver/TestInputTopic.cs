using Confluent.Kafka;

namespace SusyTopology.Streams.TestDriver;

/// <summary>
/// Pipes typed records into a driver topic. Records without a timestamp get the topic's current time, which then
/// moves by the auto-advance step (Kafka's TestInputTopic semantics).
/// </summary>
public sealed class TestInputTopic<TKey, TValue>
{
    private readonly TopologyTestDriver _driver;
    private readonly ISerializer<TKey> _keySerializer;
    private readonly ISerializer<TValue> _valueSerializer;
    private readonly TimeSpan _autoAdvance;
    private DateTimeOffset _currentTime;

    internal TestInputTopic(TopologyTestDriver driver, string topic, ISerializer<TKey> keySerializer,
        ISerializer<TValue> valueSerializer, DateTimeOffset startTimestamp, TimeSpan autoAdvance)
    {
        _driver = driver;
        Topic = topic;
        _keySerializer = keySerializer;
        _valueSerializer = valueSerializer;
        _currentTime = startTimestamp;
        _autoAdvance = autoAdvance;
    }

    public string Topic { get; }

    public void AdvanceTime(TimeSpan advance)
    {
        if (advance < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(advance), "time cannot go backwards");
        _currentTime += advance;
    }

    public void PipeInput(TestRecord<TKey, TValue> record)
    {
        var (key, value, headers, timestamp) = Serialize(record);
        _driver.Pipe(Topic, key, value, headers, timestamp);
    }

    /// <summary>
    /// Pipes the records as one fetch would deliver them: all are written to the topic first, then processed in order,
    /// and what they send to internal topics is processed after the whole batch. So a processor's
    /// <c>InputPartitionLag</c> counts the rest of the batch, as it would count a backlog on a real cluster
    /// (<see cref="PipeRecordList"/> processes each record completely before writing the next: lag 0).
    /// </summary>
    public void PipeBatch(IEnumerable<TestRecord<TKey, TValue>> records) =>
        _driver.PipeBatch(Topic, records.Select(Serialize).ToList());

    private (byte[]? Key, byte[]? Value, Headers? Headers, long TimestampMs) Serialize(TestRecord<TKey, TValue> record)
    {
        long timestamp;
        if (record.TimestampMs is { } explicitTimestamp) timestamp = explicitTimestamp;
        else
        {
            timestamp = _currentTime.ToUnixTimeMilliseconds();
            _currentTime += _autoAdvance;
        }
        var headers = record.Headers;
        var key = record.Key is null ? null
            : _keySerializer.Serialize(record.Key, new SerializationContext(MessageComponentType.Key, Topic, headers));
        var value = record.Value is null ? null
            : _valueSerializer.Serialize(record.Value, new SerializationContext(MessageComponentType.Value, Topic, headers));
        return (key, value, headers, timestamp);
    }

    public void PipeInput(TValue value) => PipeInput(new TestRecord<TKey, TValue>(default!, value));

    public void PipeInput(TKey key, TValue value) => PipeInput(new TestRecord<TKey, TValue>(key, value));

    public void PipeInput(TKey key, TValue value, long timestampMs) => PipeInput(new TestRecord<TKey, TValue>(key, value, timestampMs));

    public void PipeInput(TKey key, TValue value, DateTimeOffset timestamp) =>
        PipeInput(new TestRecord<TKey, TValue>(key, value, timestamp.ToUnixTimeMilliseconds()));

    public void PipeRecordList(IEnumerable<TestRecord<TKey, TValue>> records)
    {
        foreach (var record in records) PipeInput(record);
    }

    public void PipeKeyValueList(IEnumerable<KeyValuePair<TKey, TValue>> records)
    {
        foreach (var (key, value) in records) PipeInput(key, value);
    }

    public void PipeValueList(IEnumerable<TValue> values)
    {
        foreach (var value in values) PipeInput(value);
    }
}
