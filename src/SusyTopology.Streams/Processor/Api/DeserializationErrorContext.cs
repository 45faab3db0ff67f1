using Confluent.Kafka;
using SusyTopology.Streams.Processor.Internals;

namespace SusyTopology.Streams.Processor.Api;

/// <summary>
/// What a deserialization-exception handler may know and do: which task and source node failed, and a way to
/// write raw records through the task's own producer (so a dead-letter record is part of the task's transaction).
/// </summary>
public sealed class DeserializationErrorContext
{
    private readonly IRecordCollector _collector;

    internal DeserializationErrorContext(string applicationId, TaskId taskId, string sourceNodeName, IRecordCollector collector)
    {
        ApplicationId = applicationId;
        TaskId = taskId;
        SourceNodeName = sourceNodeName;
        _collector = collector;
    }

    public string ApplicationId { get; }
    public TaskId TaskId { get; }
    public string SourceNodeName { get; }

    /// <summary>Sends raw bytes to <paramref name="topic"/> (partition chosen by the producer).</summary>
    public void Send(string topic, byte[]? key, byte[]? value, Headers headers, long timestamp) =>
        _collector.Send(topic, key, value, headers, timestamp, partition: null);
}
