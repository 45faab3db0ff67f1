using Confluent.Kafka;
using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>
/// Deserializes raw records, stamps them (record timestamp, or the source's extractor) and forwards them; unreadable
/// records go to the deserialization-exception handler.
/// </summary>
internal sealed class SourceNode<TKey, TValue>(string name, IReadOnlyList<string> topics, IDeserializer<TKey> keyDeserializer,
    IDeserializer<TValue> valueDeserializer, ITimestampExtractor<TKey, TValue>? timestampExtractor = null)
    : ProcessorNode(name), ISourceNode
{
    private ProcessorNode<TKey, TValue>[] _children = [];
    private TaskExecutionContext? _context;

    public IReadOnlyList<string> Topics { get; } = topics;

    public override void Init(TaskExecutionContext context)
    {
        _context = context;
        _children = TypedChildren<TKey, TValue>();
    }

    public long Process(ConsumeResult<byte[], byte[]> raw, long partitionTime)
    {
        var context = _context!;
        var message = raw.Message;
        TKey key;
        TValue value;
        try
        {
            key = keyDeserializer.Deserialize(message.Key, message.Key is null,
                new SerializationContext(MessageComponentType.Key, raw.Topic, message.Headers));
            value = valueDeserializer.Deserialize(message.Value, message.Value is null,
                new SerializationContext(MessageComponentType.Value, raw.Topic, message.Headers));
        }
        catch (Exception exception)
        {
            context.HandleDeserializationError(Name, raw, exception);
            return -1;
        }

        var recordTimestamp = message.Timestamp.Type == TimestampType.NotAvailable ? -1 : message.Timestamp.UnixTimestampMs;
        var timestamp = timestampExtractor?.Extract(key, value, recordTimestamp, partitionTime)
            // Kafka's UsePartitionTimeOnInvalidTimestamp: a record without a timestamp takes the partition's time.
            ?? (recordTimestamp >= 0 ? recordTimestamp : Math.Max(0, partitionTime));
        if (timestamp < 0)
        {
            context.SkipInvalidTimestamp(Name, raw, timestamp);
            return -1;
        }
        context.CurrentRecordTimestamp = timestamp;
        context.StreamTime = Math.Max(context.StreamTime, timestamp);

        var record = new Record<TKey, TValue>(key, value, timestamp, message.Headers);
        foreach (var child in _children)
        {
            context.CurrentNode = child.Name;
            child.Process(record);
        }
        return timestamp;
    }
}
