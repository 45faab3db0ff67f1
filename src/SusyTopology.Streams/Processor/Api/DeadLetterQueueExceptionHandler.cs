using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SusyTopology.Streams.Processor.Api;

/// <summary>
/// Writes every unreadable record, byte for byte, to a dead-letter topic and continues. The reason and the origin
/// travel in headers named as in Kafka Streams' KIP-1034 (<c>__streams.errors.*</c>), after the record's own headers,
/// so the record can be inspected and replayed.
/// </summary>
public sealed class DeadLetterQueueExceptionHandler : IDeserializationExceptionHandler
{
    public const string ExceptionHeader = "__streams.errors.exception";
    public const string MessageHeader = "__streams.errors.message";
    public const string StackTraceHeader = "__streams.errors.stacktrace";
    public const string TopicHeader = "__streams.errors.topic";
    public const string PartitionHeader = "__streams.errors.partition";
    public const string OffsetHeader = "__streams.errors.offset";

    private readonly ILogger _logger;

    public DeadLetterQueueExceptionHandler(string deadLetterTopic, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deadLetterTopic);
        DeadLetterTopic = deadLetterTopic;
        _logger = logger ?? NullLogger.Instance;
    }

    public string DeadLetterTopic { get; }

    public DeserializationHandlerResponse Handle(DeserializationErrorContext context, ConsumeResult<byte[], byte[]> record,
        Exception exception)
    {
        var headers = new Headers();
        if (record.Message.Headers is { } original)
            foreach (var header in original) headers.Add(header.Key, header.GetValueBytes());
        headers.Add(ExceptionHeader, Utf8(exception.GetType().FullName ?? exception.GetType().Name));
        headers.Add(MessageHeader, Utf8(exception.Message));
        headers.Add(StackTraceHeader, Utf8(exception.ToString()));
        headers.Add(TopicHeader, Utf8(record.Topic));
        headers.Add(PartitionHeader, Utf8(record.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(OffsetHeader, Utf8(record.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        var timestamp = Math.Max(0, record.Message.Timestamp.UnixTimestampMs);
        context.Send(DeadLetterTopic, record.Message.Key, record.Message.Value, headers, timestamp);
        _logger.LogWarning(exception, "Task {TaskId} sent unreadable record {Topic}-{Partition}@{Offset} to {DeadLetterTopic}",
            context.TaskId, record.Topic, record.Partition.Value, record.Offset.Value, DeadLetterTopic);
        return DeserializationHandlerResponse.Continue;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
