using Confluent.Kafka;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>The entry of raw consumed records into a typed graph.</summary>
internal interface ISourceNode
{
    string Name { get; }
    IReadOnlyList<string> Topics { get; }

    /// <summary>
    /// Deserializes the record, gives it its timestamp, advances the task's stream time and forwards it. Returns the
    /// record's timestamp, or -1 when it was skipped (unreadable and let through by the handler, or no valid time).
    /// </summary>
    long Process(ConsumeResult<byte[], byte[]> raw, long partitionTime);
}
