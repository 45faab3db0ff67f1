using Confluent.Kafka;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// Creates every Kafka client the runtime uses (Streamiz's <c>IKafkaSupplier</c>): replace it to run the real runtime
/// on an in-memory cluster or to decorate clients (metrics, fault injection).
/// </summary>
public interface IKafkaSupplier
{
    /// <summary>The stream thread's producer (transactional under exactly-once).</summary>
    IProducer<byte[], byte[]> GetProducer(ProducerConfig config);

    /// <summary>The stream thread's group member; <paramref name="listener"/> receives its rebalance callbacks.</summary>
    IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig config, IConsumerRebalanceListener listener);

    /// <summary>A group-less consumer that reads changelog topics into state stores.</summary>
    IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig config);

    /// <summary>A group-less consumer assigned every partition of the global topics.</summary>
    IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig config);

    IAdminClient GetAdmin(AdminClientConfig config);
}
