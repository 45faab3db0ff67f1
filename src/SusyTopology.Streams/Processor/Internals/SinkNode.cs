using Confluent.Kafka;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>Serializes records and hands them to the task's record collector.</summary>
internal sealed class SinkNode<TKey, TValue>(string name, string? topic, ITopicNameExtractor<TKey, TValue>? topicExtractor,
    ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer) : ProcessorNode<TKey, TValue>(name)
{
    private TaskExecutionContext? _context;

    public override void Init(TaskExecutionContext context)
    {
        if (Children.Count > 0) throw new InvalidOperationException($"Sink '{Name}' cannot have children.");
        _context = context;
    }

    public override void Process(Record<TKey, TValue> record)
    {
        var context = _context!;
        var destination = topic ?? topicExtractor!.Extract(record.Key, record.Value,
            new RecordContext(context.RecordMetadata, record.Timestamp, record.HeadersOrNull));
        var headers = record.HeadersOrNull;
        var keyBytes = record.Key is null ? null
            : keySerializer.Serialize(record.Key, new SerializationContext(MessageComponentType.Key, destination, headers));
        var valueBytes = record.Value is null ? null
            : valueSerializer.Serialize(record.Value, new SerializationContext(MessageComponentType.Value, destination, headers));
        context.Collector.Send(destination, keyBytes, valueBytes, headers, record.Timestamp, partition: null);
    }
}
