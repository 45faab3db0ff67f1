using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net.Kafka;
using Streamiz.Kafka.Net.Metrics;
using SusyTopology.Kafka.Clients;

namespace SusyTopology.App.Running;

/// <summary>
/// Another supplier's clients, its global store consumer a <see cref="GlobalStoreConsumer"/>, so a global store on a
/// topic written in transactions restores to its end. The app wraps its own supplier in it, and the exactly-once tests
/// the in-memory Kafka's.
/// </summary>
public sealed class GlobalStoreRestoreSupplier(IKafkaSupplier inner, ILogger logger) : IKafkaSupplier
{
    public StreamMetricsRegistry MetricsRegistry
    {
        get => inner.MetricsRegistry;
        set => inner.MetricsRegistry = value;
    }

    public IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig config) =>
        new GlobalStoreConsumer(inner.GetGlobalConsumer(config), () => inner.GetGlobalConsumer(GlobalStoreConsumer.ScannerConfig(config)), logger);

    public IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig config, IConsumerRebalanceListener rebalanceListener) =>
        inner.GetConsumer(config, rebalanceListener);

    public IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig config) => inner.GetRestoreConsumer(config);
    public IProducer<byte[], byte[]> GetProducer(ProducerConfig config) => inner.GetProducer(config);
    public IAdminClient GetAdmin(AdminClientConfig config) => inner.GetAdmin(config);
}
