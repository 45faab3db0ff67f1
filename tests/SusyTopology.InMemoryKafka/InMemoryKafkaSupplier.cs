using Confluent.Kafka;
using Streamiz.Kafka.Net.Kafka;
using Streamiz.Kafka.Net.Metrics;

namespace SusyTopology.InMemoryKafka;

/// <summary>
/// One client process on the in-memory cluster (give each <c>KafkaStream</c> instance its own): it creates the
/// clients Streamiz asks for and can <see cref="Crash"/>, which kills all of them at once the way a process death
/// would: its group members leave (as after a session timeout) and its open transactions stay open, holding
/// read_committed readers and KIP-447 offset fetches back, until their transaction.timeout.ms passes on the
/// cluster's clock or a producer with the same transactional.id calls InitTransactions.
/// </summary>
public sealed class InMemoryKafkaSupplier(InMemoryKafkaCluster cluster, string name) : IKafkaSupplier
{
    private readonly List<InMemoryConsumer> _consumers = [];

    public InMemoryKafkaCluster Cluster { get; } = cluster;
    public string Name { get; } = name;
    public bool Crashed { get; private set; }

    /// <summary>The process's clock, apart from the broker's: its consumers' poll deadlines.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Set by <c>KafkaStream</c>; the double publishes no librdkafka statistics into it.</summary>
    public StreamMetricsRegistry? MetricsRegistry { get; set; }

    /// <summary>Set while a rebalance callback of one of this process's consumers runs.</summary>
    internal bool InRebalanceCallback { get; set; }

    public IProducer<byte[], byte[]> GetProducer(ProducerConfig config)
    {
        lock (Cluster.Sync)
        {
            ThrowIfCrashed();
            return new InMemoryProducer(this, config);
        }
    }

    public IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig config, IConsumerRebalanceListener? rebalanceListener) =>
        NewConsumer(config, rebalanceListener);

    public IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig config) => NewConsumer(config, null);

    /// <summary>Like Streamiz's default supplier, a global consumer starts from the beginning of its topic.</summary>
    public IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig config)
    {
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        return NewConsumer(config, null, global: true);
    }

    public IAdminClient GetAdmin(AdminClientConfig config)
    {
        lock (Cluster.Sync)
        {
            ThrowIfCrashed();
            return new InMemoryAdminClient(this, config);
        }
    }

    private InMemoryConsumer NewConsumer(ConsumerConfig config, IConsumerRebalanceListener? listener, bool global = false)
    {
        lock (Cluster.Sync)
        {
            ThrowIfCrashed();
            var consumer = new InMemoryConsumer(this, config, listener) { IsGlobal = global };
            _consumers.Add(consumer);
            return consumer;
        }
    }

    public void Crash()
    {
        lock (Cluster.Sync)
        {
            if (Crashed) return;
            Crashed = true;
            foreach (var consumer in _consumers) consumer.AbandonOnCrash();
            Monitor.PulseAll(Cluster.Sync);
        }
    }

    /// <summary>
    /// The coordinator drops every group member of this process, as after <c>session.timeout.ms</c> without a
    /// heartbeat: the others rebalance without them, and each learns on its next poll that its partitions are lost.
    /// </summary>
    public void ExpireSessions()
    {
        lock (Cluster.Sync)
        {
            foreach (var consumer in _consumers) consumer.ExpireSession();
            Monitor.PulseAll(Cluster.Sync);
        }
    }

    internal void ThrowIfCrashed()
    {
        if (Crashed) throw new SimulatedCrashException($"process {Name} has crashed");
    }
}
