using Confluent.Kafka;
using Streamiz.Kafka.Net.Kafka;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>A group member whose test does not look at its rebalance callbacks.</summary>
internal sealed class NoListener : IConsumerRebalanceListener
{
    public static NoListener Instance { get; } = new();
    public void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) { }
    public void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions) { }
    public void PartitionsLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions) { }
}
