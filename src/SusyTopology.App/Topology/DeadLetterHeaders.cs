using System.Globalization;
using System.Text;
using Confluent.Kafka;
using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.App.Topology;

/// <summary>
/// Dead-letter headers for records the topology itself rejects (invalid features or labels, test events that could
/// not be held for a model). They use the same header names as the engine's deserialization dead-letter handler, so a
/// consumer of <c>susy-dead-letter</c> reads one scheme whatever rejected the record.
/// </summary>
internal static class DeadLetterHeaders
{
    public static Headers For(string kind, string reason, RecordMetadata? origin, Headers? existing = null)
    {
        var headers = new Headers();
        if (existing != null)
            foreach (var h in existing) headers.Add(h.Key, h.GetValueBytes());
        headers.Add(DeadLetterQueueExceptionHandler.ExceptionHeader, Encoding.UTF8.GetBytes(kind));
        headers.Add(DeadLetterQueueExceptionHandler.MessageHeader, Encoding.UTF8.GetBytes(reason));
        if (origin is { } o)
        {
            headers.Add(DeadLetterQueueExceptionHandler.TopicHeader, Encoding.UTF8.GetBytes(o.Topic));
            headers.Add(DeadLetterQueueExceptionHandler.PartitionHeader, Encoding.UTF8.GetBytes(o.Partition.ToString(CultureInfo.InvariantCulture)));
            headers.Add(DeadLetterQueueExceptionHandler.OffsetHeader, Encoding.UTF8.GetBytes(o.Offset.ToString(CultureInfo.InvariantCulture)));
        }
        return headers;
    }
}
