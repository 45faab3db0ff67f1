using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net.Kafka;
using Streamiz.Kafka.Net.Metrics;
using SusyTopology.Kafka.Clients;

namespace SusyTopology.App.Running;

/// <summary>
/// Another supplier's clients with the app's mends of Streamiz 1.8.2 that hold on any Kafka (the app wraps its own
/// supplier in it, and the exactly-once tests the in-memory Kafka's):
/// <list type="bullet">
/// <item>the global store's consumer is a <see cref="GlobalStoreConsumer"/>, so a global store on a topic written in
/// transactions restores to its end;</item>
/// <item>the producers and stream-thread consumers share a <see cref="CommitFence"/>: after a failed delivery no input
/// offset is committed, so under at_least_once the lost output's input is processed again.</item>
/// </list>
/// </summary>
public sealed class MendedKafkaSupplier(IKafkaSupplier inner, ILogger logger) : IKafkaSupplier
{
    private readonly CommitFence _fence = new(logger);

    public StreamMetricsRegistry MetricsRegistry
    {
        get => inner.MetricsRegistry;
        set => inner.MetricsRegistry = value;
    }

    public IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig config) =>
        new GlobalStoreConsumer(inner.GetGlobalConsumer(config), () => inner.GetGlobalConsumer(GlobalStoreConsumer.ScannerConfig(config)), logger);

    public IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig config, IConsumerRebalanceListener rebalanceListener) =>
        _fence.Guard(inner.GetConsumer(config, rebalanceListener));

    public IProducer<byte[], byte[]> GetProducer(ProducerConfig config) => _fence.Watch(inner.GetProducer(config));
    public IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig config) => inner.GetRestoreConsumer(config);
    public IAdminClient GetAdmin(AdminClientConfig config) => inner.GetAdmin(config);
}
