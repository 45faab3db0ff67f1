using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Microsoft.Extensions.Configuration;
using SusyTopology.Kafka.Native;

namespace SusyTopology.App.Configuration;

/// <summary>
/// Where Kafka and the Schema Registry are, from configuration, with the errors a user can act on. Confluent's own
/// settings pass through unchanged: <c>SchemaRegistry:Client</c> takes <c>schema.registry.*</c> keys (basic auth,
/// TLS, timeouts), <c>SchemaRegistry:Serializer</c> <c>avro.serializer.*</c> (subject name strategy, auto-register,
/// use-latest-version) and <c>SchemaRegistry:Deserializer</c> <c>avro.deserializer.*</c>.
/// </summary>
public sealed class KafkaSettings
{
    public required string BootstrapServers { get; init; }
    public required string SchemaRegistryUrl { get; init; }
    public IReadOnlyDictionary<string, string> RegistryClient { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> AvroSerializer { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> AvroDeserializer { get; init; } = new Dictionary<string, string>();

    public static KafkaSettings From(IConfiguration configuration)
    {
        Librdkafka.EnsureLoaded();
        var bootstrap = configuration[SusyConfiguration.BootstrapServersKey];
        var registry = configuration[SusyConfiguration.SchemaRegistryUrlKey];
        if (string.IsNullOrWhiteSpace(bootstrap))
            throw new InvalidOperationException("No Kafka bootstrap servers configured: run `make up`, or set KAFKA_BOOTSTRAP_SERVERS.");
        if (string.IsNullOrWhiteSpace(registry))
            throw new InvalidOperationException("No Schema Registry configured: run `make up`, or set SCHEMA_REGISTRY_URL.");
        var section = configuration.GetSection("SchemaRegistry");
        return new KafkaSettings
        {
            BootstrapServers = bootstrap,
            SchemaRegistryUrl = registry,
            RegistryClient = PassThrough(section.GetSection("Client")),
            AvroSerializer = PassThrough(section.GetSection("Serializer")),
            AvroDeserializer = PassThrough(section.GetSection("Deserializer")),
        };
    }

    /// <summary>Confluent's registry client, configured by <see cref="RegistryClientConfig"/>.</summary>
    public ISchemaRegistryClient CreateRegistryClient() => new CachedSchemaRegistryClient(RegistryClientConfig());

    /// <summary>The URL from <c>SchemaRegistry:Url</c>, everything else as configured under <c>SchemaRegistry:Client</c>.</summary>
    public SchemaRegistryConfig RegistryClientConfig()
    {
        var config = new SchemaRegistryConfig { RequestTimeoutMs = 10_000 };
        foreach (var (key, value) in RegistryClient)
            config.Set(key, value);
        config.Url = SchemaRegistryUrl;
        return config;
    }

    /// <summary>Registers the app's schemas on first use unless configured otherwise (e.g. use.latest.version).</summary>
    public AvroSerializerConfig SerializerConfig()
    {
        var config = new AvroSerializerConfig(AvroSerializer);
        if (config.AutoRegisterSchemas is null && config.UseLatestVersion is not true)
            config.AutoRegisterSchemas = true;
        return config;
    }

    public AvroDeserializerConfig DeserializerConfig() => new(AvroDeserializer);

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

    private static Dictionary<string, string> PassThrough(IConfigurationSection section) =>
        section.GetChildren().Where(c => c.Value != null).ToDictionary(c => c.Key, c => c.Value!);
}
