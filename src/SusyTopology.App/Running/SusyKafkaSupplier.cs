using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.Kafka;
using Streamiz.Kafka.Net.Metrics;
using SusyTopology.Kafka.Clients;

namespace SusyTopology.App.Running;

/// <summary>
/// Streamiz's Kafka clients, mended where they left the app stuck while it reported RUNNING:
/// <list type="bullet">
/// <item>the stream threads' consumers get a partitions-lost handler (without one Confluent.Kafka reports lost
/// partitions as revoked, and Streamiz commits them), a revocation whose commit is refused completes, and a close
/// handles the final revocation first (<see cref="RevocationFailureAsLoss"/>, <see cref="RevocationTolerantConsumer"/>);
/// each assignment is logged (<see cref="AssignmentLog"/>);</item>
/// <item>each producer looks up its output topics' metadata before its first send: librdkafka learns a topic it has not
/// produced to only on its once-a-second scan, which held the first commit of every thread ~0.9 s;</item>
/// <item>the admin client's purges of repartition records are bounded (<see cref="BoundedPurgeAdminClient"/>).</item>
/// </list>
/// </summary>
public sealed class SusyKafkaSupplier(IStreamConfig config, IReadOnlyCollection<string> outputTopics, ILogger logger) : IKafkaSupplier
{
    private readonly DefaultKafkaClientSupplier _default = new(new KafkaLoggerAdapter(config), config);

    public StreamMetricsRegistry MetricsRegistry
    {
        get => _default.MetricsRegistry;
        set => _default.MetricsRegistry = value;
    }

    public IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig consumerConfig, IConsumerRebalanceListener rebalanceListener)
    {
        var builder = new ConsumerBuilder<byte[], byte[]>(consumerConfig)
            .SetErrorHandler((_, error) => logger.LogWarning("Consumer error: {Reason} ({Code})", error.Reason, error.Code))
            .SetLogHandler((_, log) => logger.LogDebug("librdkafka {Facility}: {Message}", log.Facility, log.Message));
        if (rebalanceListener == null) return builder.Build();
        var listener = new RevocationFailureAsLoss(new AssignmentLog(rebalanceListener, logger), logger);
        return new RevocationTolerantConsumer(builder
            .SetPartitionsAssignedHandler(listener.PartitionsAssigned)
            .SetPartitionsRevokedHandler(listener.PartitionsRevoked)
            .SetPartitionsLostHandler(listener.PartitionsLost)
            .Build(), listener, logger);
    }

    public IProducer<byte[], byte[]> GetProducer(ProducerConfig producerConfig)
    {
        var producer = _default.GetProducer(producerConfig);
        ProducerMetadata.WarmUp(producer, outputTopics, TimeSpan.FromSeconds(5));
        return producer;
    }

    public IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig consumerConfig) => _default.GetRestoreConsumer(consumerConfig);
    public IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig consumerConfig) => _default.GetGlobalConsumer(consumerConfig);
    /// <summary>Streamiz's admin client, its purges of repartition records bounded (<see cref="BoundedPurgeAdminClient"/>).</summary>
    public IAdminClient GetAdmin(AdminClientConfig adminConfig) => BoundedPurgeAdminClient.Wrap(_default.GetAdmin(adminConfig));
}
