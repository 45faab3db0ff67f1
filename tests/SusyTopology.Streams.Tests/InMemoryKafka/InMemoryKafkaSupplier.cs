using Confluent.Kafka;
using SusyTopology.Streams.Runtime;

namespace SusyTopology.Streams.Tests.InMemoryKafka;

/// <summary>
/// One client process on the in-memory cluster (give each <c>KafkaStreams</c> instance its own): it creates the
/// runtime's clients and can <see cref="Crash"/>, which kills all of them at once the way a process death would —
/// its group members leave (as after a session timeout) and its open transactions abort (as after the
/// transaction timeout).
/// </summary>
public sealed class InMemoryKafkaSupplier(InMemoryKafkaCluster cluster, string name) : IKafkaSupplier
{
    private readonly List<InMemoryProducer> _producers = [];
    private readonly List<InMemoryConsumer> _consumers = [];

    public InMemoryKafkaCluster Cluster { get; } = cluster;
    public string Name { get; } = name;
    public bool Crashed { get; private set; }

    /// <summary>Set while a rebalance callback of one of this process's consumers runs.</summary>
    internal bool InRebalanceCallback { get; set; }

    public IProducer<byte[], byte[]> GetProducer(ProducerConfig config)
    {
        lock (Cluster.Sync)
        {
            ThrowIfCrashed();
            var producer = new InMemoryProducer(this, config);
            _producers.Add(producer);
            return producer;
        }
    }

    public IConsumer<byte[], byte[]> GetConsumer(ConsumerConfig config, IConsumerRebalanceListener listener) =>
        NewConsumer(config, listener);

    public IConsumer<byte[], byte[]> GetRestoreConsumer(ConsumerConfig config) => NewConsumer(config, null);

    public IConsumer<byte[], byte[]> GetGlobalConsumer(ConsumerConfig config) => NewConsumer(config, null);

    /// <summary>Every consumer this process created (group, restore and global).</summary>
    public IReadOnlyList<InMemoryConsumer> Consumers
    {
        get
        {
            lock (Cluster.Sync) return _consumers.ToList();
        }
    }

    public IAdminClient GetAdmin(AdminClientConfig config) =>
        throw new NotSupportedException("The in-memory cluster has no admin client: give the runtime an InMemoryTopicManager.");

    private InMemoryConsumer NewConsumer(ConsumerConfig config, IConsumerRebalanceListener? listener)
    {
        lock (Cluster.Sync)
        {
            ThrowIfCrashed();
            var consumer = new InMemoryConsumer(this, config, listener);
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
            foreach (var producer in _producers) producer.AbandonOnCrash();
            foreach (var consumer in _consumers) consumer.AbandonOnCrash();
            Monitor.PulseAll(Cluster.Sync);
        }
    }

    internal void ThrowIfCrashed()
    {
        if (Crashed) throw new SimulatedCrashException($"process {Name} has crashed");
    }
}
