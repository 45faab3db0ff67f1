using Confluent.Kafka;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// The consumer-group callbacks the runtime needs. Confluent.Kafka registers them on the <c>ConsumerBuilder</c>, not
/// on <see cref="IConsumer{TKey,TValue}"/>, so a <see cref="IKafkaSupplier"/> receives the listener together with
/// the configuration and wires it up itself (Streamiz's seam). They run on the thread that calls <c>Consume</c>.
/// </summary>
public interface IConsumerRebalanceListener
{
    void PartitionsAssigned(IConsumer<byte[], byte[]> consumer, IReadOnlyList<TopicPartition> partitions);

    /// <summary>The member still owns <paramref name="partitions"/>: commits are still accepted.</summary>
    void PartitionsRevoked(IConsumer<byte[], byte[]> consumer, IReadOnlyList<TopicPartitionOffset> partitions);

    /// <summary>The member has already lost <paramref name="partitions"/> (session timeout): commits would be refused.</summary>
    void PartitionsLost(IConsumer<byte[], byte[]> consumer, IReadOnlyList<TopicPartitionOffset> partitions);
}
