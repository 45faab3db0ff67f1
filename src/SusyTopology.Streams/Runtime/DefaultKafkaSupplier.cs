using Confluent.Kafka;

namespace SusyTopology.Streams.Runtime;

/// <summary>Builds the real librdkafka clients through Confluent.Kafka's builders.</summary>
public sealed class DefaultKafkaSupplier : IKafkaSupplier
{
    public IProducer<byte[], byte[]> GetProducer(ProducerConfig config) =>
        new ProducerBuilder<byte[], byte[]>(config).Build();

    public IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig config, IConsumerRebalanceListener listener) =>
        new ConsumerBuilder<byte[], byte[]>(config)
            .SetPartitionsAssignedHandler((consumer, partitions) => listener.PartitionsAssigned(consumer, partitions))
            .SetPartitionsRevokedHandler((consumer, partitions) => listener.PartitionsRevoked(consumer, partitions))
            .SetPartitionsLostHandler((consumer, partitions) => listener.PartitionsLost(consumer, partitions))
            .Build();

    public IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig config) =>
        new ConsumerBuilder<byte[], byte[]>(config).Build();

    public IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig config) =>
        new ConsumerBuilder<byte[], byte[]>(config).Build();

    public IAdminClient GetAdmin(AdminClientConfig config) => new AdminClientBuilder(config).Build();
}
