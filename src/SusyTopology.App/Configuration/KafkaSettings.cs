using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using SusyTopology.Avro.SchemaRegistry;
using SusyTopology.Kafka.Native;

namespace SusyTopology.App.Configuration;

/// <summary>Where Kafka and the Schema Registry are, from configuration, with the errors a user can act on.</summary>
public sealed class KafkaSettings
{
    public required string BootstrapServers { get; init; }
    public required string SchemaRegistryUrl { get; init; }

    public static KafkaSettings From(IConfiguration configuration)
    {
        Librdkafka.EnsureLoaded();
        var bootstrap = configuration[SusyConfiguration.BootstrapServersKey];
        var registry = configuration[SusyConfiguration.SchemaRegistryUrlKey];
        if (string.IsNullOrWhiteSpace(bootstrap))
            throw new InvalidOperationException("No Kafka bootstrap servers configured: run `make up`, or set KAFKA_BOOTSTRAP_SERVERS.");
        if (string.IsNullOrWhiteSpace(registry))
            throw new InvalidOperationException("No Schema Registry configured: run `make up`, or set SCHEMA_REGISTRY_URL.");
        return new KafkaSettings { BootstrapServers = bootstrap, SchemaRegistryUrl = registry };
    }

    public ISchemaRegistryClient CreateRegistryClient() =>
        new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = SchemaRegistryUrl, RequestTimeoutMs = 10_000 });

    public ProducerConfig Producer(string clientId) => new()
    {
        BootstrapServers = BootstrapServers,
        ClientId = clientId,
        EnableIdempotence = true,
        LingerMs = 5,
        BatchSize = 1 << 20,
    };

    public ConsumerConfig Consumer(string groupId, string clientId) => new()
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        ClientId = clientId,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        IsolationLevel = IsolationLevel.ReadCommitted,
        EnablePartitionEof = true,
    };
}
