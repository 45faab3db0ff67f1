using Confluent.Kafka;
using Streamiz.Kafka.Net.Kafka;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>Records every rebalance callback a consumer made, in order per kind.</summary>
internal sealed class RecordingListener : IConsumerRebalanceListener
{
    public List<List<TopicPartition>> Assigned { get; } = [];
    public List<List<TopicPartitionOffset>> Revoked { get; } = [];
    public List<List<TopicPartitionOffset>> Lost { get; } = [];
    public void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) => Assigned.Add(partitions);
    public void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions) => Revoked.Add(partitions);
    public void PartitionsLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions) => Lost.Add(partitions);
}
