using Microsoft.Extensions.Configuration;
using SusyTopology.App.Configuration;
using SusyTopology.App.Topology;
using SusyTopology.Avro.DevRegistry;
using SusyTopology.Kafka.Embedded;
using SusyTopology.Kafka.Topics;

namespace SusyTopology.App.Running;

/// <summary>
/// The development stack in one process: the embedded Kafka cluster with every topic the app needs (configured and
/// internal, created up front because the mock broker auto-creates unknown topics with 4 partitions) and a
/// development Schema Registry. `susy cluster` serves it; tests and benchmarks run the app against it.
/// </summary>
public sealed class EmbeddedAppStack : IAsyncDisposable
{
    private EmbeddedAppStack(EmbeddedKafkaCluster cluster, DevSchemaRegistryServer registry, TopicCatalog topics)
    {
        Cluster = cluster;
        Registry = registry;
        Topics = topics;
        Kafka = new KafkaSettings { BootstrapServers = cluster.BootstrapServers, SchemaRegistryUrl = registry.Url.GetLeftPart(UriPartial.Authority) };
    }

    public EmbeddedKafkaCluster Cluster { get; }
    public DevSchemaRegistryServer Registry { get; }
    public TopicCatalog Topics { get; }
    public KafkaSettings Kafka { get; }

    /// <param name="registryPort">0 picks a free port.</param>
    /// <param name="anyPortIfTaken">When <paramref name="registryPort"/> is taken, listen on a free port instead of failing.</param>
    public static async Task<EmbeddedAppStack> StartAsync(IConfiguration configuration, int brokers = 1, int registryPort = 0,
        bool anyPortIfTaken = false, CancellationToken ct = default)
    {
        var topics = AppTopology.RequiredTopics(configuration);
        var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Brokers = brokers, Topics = new Dictionary<string, int>(topics.Partitions) });
        try
        {
            DevSchemaRegistryServer registry;
            try
            {
                registry = await DevSchemaRegistryServer.StartAsync(registryPort, ct: ct);
            }
            catch (RegistryPortInUseException) when (anyPortIfTaken)
            {
                registry = await DevSchemaRegistryServer.StartAsync(0, ct: ct);
            }
            return new EmbeddedAppStack(cluster, registry, topics);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Registry.DisposeAsync();
        Cluster.Dispose();
    }
}
