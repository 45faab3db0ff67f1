using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace SusyTopology.App.Topology;

/// <summary>
/// Headers of a record sent to the dead-letter topic: what rejected it and why, and where it came from. The names
/// follow Kafka Streams' dead-letter convention (<c>__streams.errors.*</c>), so a consumer of <c>susy-dead-letter</c>
/// reads one scheme whatever rejected the record: undecodable bytes, an invalid event, or a test event that could not
/// be held for a model.
/// </summary>
public static class DeadLetterHeaders
{
    public const string ExceptionHeader = "__streams.errors.exception";
    public const string MessageHeader = "__streams.errors.message";
    public const string TopicHeader = "__streams.errors.topic";
    public const string PartitionHeader = "__streams.errors.partition";
    public const string OffsetHeader = "__streams.errors.offset";

    public static Headers For(string kind, string reason, string? topic, int partition, long offset, Headers? existing = null)
    {
        var headers = new Headers();
        if (existing != null)
            foreach (var h in existing) headers.Add(h.Key, h.GetValueBytes());
        headers.Add(ExceptionHeader, Encoding.UTF8.GetBytes(kind));
        headers.Add(MessageHeader, Encoding.UTF8.GetBytes(reason));
        if (!string.IsNullOrEmpty(topic) && offset >= 0)
        {
            headers.Add(TopicHeader, Encoding.UTF8.GetBytes(topic));
            headers.Add(PartitionHeader, Encoding.UTF8.GetBytes(partition.ToString(CultureInfo.InvariantCulture)));
            headers.Add(OffsetHeader, Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));
        }
        return headers;
    }
}
