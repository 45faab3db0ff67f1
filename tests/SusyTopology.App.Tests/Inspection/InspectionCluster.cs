using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using SusyTopology.App.Configuration;
using SusyTopology.Avro.Confluent;
using SusyTopology.Avro.DevRegistry;
using SusyTopology.Avro.Serdes;
using SusyTopology.Kafka.Embedded;

namespace SusyTopology.App.Tests.Inspection;

/// <summary>
/// An in-process embedded Kafka cluster and development Schema Registry (port 0) shared by the inspection tests;
/// topics are created up front because the embedded broker has no controller to create them on demand.
/// </summary>
public sealed class InspectionCluster : IAsyncLifetime
{
    public const string Predictions = "inspect-predictions";
    public const string DeadLetter = "inspect-dead-letter";
    public const string Live = "inspect-live";
    public const string Quiet = "inspect-quiet";
    public const string Models = "susy-models";
    public const string Events = "susy-events";

    private readonly Dictionary<string, object?> _seeded = [];
    private DevSchemaRegistryServer? _registryServer;

    public EmbeddedKafkaCluster Kafka { get; private set; } = null!;

    public ISchemaRegistryClient Registry { get; private set; } = null!;

    public KafkaSettings Settings { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Kafka = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions
        {
            Topics = { [Predictions] = 2, [DeadLetter] = 1, [Live] = 1, [Quiet] = 1, [Models] = 1, [Events] = 2 },
        });
        _registryServer = await DevSchemaRegistryServer.StartAsync(port: 0);
        Settings = new KafkaSettings
        {
            BootstrapServers = Kafka.BootstrapServers,
            SchemaRegistryUrl = _registryServer.Url.GetLeftPart(UriPartial.Authority),
        };
        Registry = Settings.CreateRegistryClient();
    }

    /// <summary>Runs <paramref name="seed"/> once per fixture and returns what it returned then: xunit makes a test-class instance per test, the data is shared.</summary>
    public T SeedOnce<T>(string name, Func<T> seed)
    {
        lock (_seeded)
        {
            if (!_seeded.TryGetValue(name, out var value)) _seeded[name] = value = seed();
            return (T)value!;
        }
    }

    /// <summary>Produces Avro values (Confluent wire format, schema auto-registered) and waits for every acknowledgement.</summary>
    public void Produce<TKey, TValue>(string topic, ISerializer<TKey> keys, IEnumerable<Message<TKey, TValue>> messages)
    {
        using var producer = new ProducerBuilder<TKey, TValue>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers, LingerMs = 0 })
            .SetKeySerializer(keys)
            .SetValueSerializer(new InlineSerializer<TValue>(new AvroSerializer<TValue>(Registry)))
            .Build();
        foreach (var message in messages) producer.Produce(topic, message);
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Produces raw bytes, as a dead-letter handler forwards a record it could not read.</summary>
    public void ProduceRaw(string topic, byte[]? key, byte[] value, Headers headers)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers, LingerMs = 0 }).Build();
        producer.Produce(topic, new Message<byte[]?, byte[]> { Key = key, Value = value, Headers = headers });
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    public async Task DisposeAsync()
    {
        Registry.Dispose();
        if (_registryServer != null) await _registryServer.DisposeAsync();
        Kafka.Dispose();
    }
}
