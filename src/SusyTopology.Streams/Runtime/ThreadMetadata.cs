using Confluent.Kafka;
using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Runtime;

/// <summary>Kafka Streams' <c>ThreadMetadata</c>: what one local stream thread currently runs.</summary>
public sealed record ThreadMetadata(string ThreadName, StreamThreadState State, IReadOnlyList<TaskId> ActiveTasks,
    IReadOnlyList<TopicPartition> AssignedPartitions);
