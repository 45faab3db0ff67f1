using Confluent.Kafka;

namespace SusyTopology.Streams.TestDriver;

/// <summary>Reads, in order and consuming them, the records the topology wrote to one topic.</summary>
public sealed class TestOutputTopic<TKey, TValue>
{
    private readonly TopologyTestDriver _driver;
    private readonly IDeserializer<TKey> _keyDeserializer;
    private readonly IDeserializer<TValue> _valueDeserializer;

    internal TestOutputTopic(TopologyTestDriver driver, string topic, IDeserializer<TKey> keyDeserializer,
        IDeserializer<TValue> valueDeserializer)
    {
        _driver = driver;
        Topic = topic;
        _keyDeserializer = keyDeserializer;
        _valueDeserializer = valueDeserializer;
    }

    public string Topic { get; }

    public bool IsEmpty => QueueSize == 0;

    public int QueueSize => _driver.OutputQueueSize(Topic);

    public TestRecord<TKey, TValue> ReadRecord()
    {
        if (!_driver.TryReadOutput(Topic, out var raw))
            throw new InvalidOperationException($"No more records in topic '{Topic}'.");
        var message = raw.Message;
        var key = _keyDeserializer.Deserialize(message.Key, message.Key is null,
            new SerializationContext(MessageComponentType.Key, Topic, message.Headers));
        var value = _valueDeserializer.Deserialize(message.Value, message.Value is null,
            new SerializationContext(MessageComponentType.Value, Topic, message.Headers));
        return new TestRecord<TKey, TValue>(key, value, message.Timestamp.UnixTimestampMs, message.Headers);
    }

    public TValue ReadValue() => ReadRecord().Value;

    public KeyValuePair<TKey, TValue> ReadKeyValue()
    {
        var record = ReadRecord();
        return new(record.Key, record.Value);
    }

    public List<TestRecord<TKey, TValue>> ReadRecordsToList()
    {
        var result = new List<TestRecord<TKey, TValue>>();
        while (!IsEmpty) result.Add(ReadRecord());
        return result;
    }

    public List<KeyValuePair<TKey, TValue>> ReadKeyValuesToList() =>
        ReadRecordsToList().Select(r => new KeyValuePair<TKey, TValue>(r.Key, r.Value)).ToList();

    public List<TValue> ReadValuesToList() => ReadRecordsToList().Select(r => r.Value).ToList();
}
