using System.Text.Json.Nodes;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using SusyTopology.Avro.Confluent;
using SusyTopology.Avro.DevRegistry;
using SusyTopology.Avro.Tests.Interop;
using SusyTopology.Events;
using SusyTopology.Kafka.Embedded;

namespace SusyTopology.Avro.Tests.Registry;

/// <summary>
/// Issue 3's "must show": records our serializer produced to the embedded cluster are read by Confluent's Python
/// consumer and decoded by a client that knows only the dev registry URL.
/// </summary>
public class EmbeddedClusterCrossCheckTests
{
    [ConfluentPythonFact]
    public async Task Confluent_python_consumer_decodes_our_avro_records_from_the_embedded_cluster()
    {
        await using var registry = await DevSchemaRegistryServer.StartAsync(port: 0);
        var registryUrl = registry.Url.GetLeftPart(UriPartial.Authority);
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Topics = { ["susy-events"] = 1 } });
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registryUrl });
        var events = SampleEvents.Load(25);
        using (var producer = new ProducerBuilder<long, SusyEvent>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, LingerMs = 5 })
                   .SetKeySerializer(Serializers.Int64)
                   .SetValueSerializer(new InlineSerializer<SusyEvent>(new AvroSerializer<SusyEvent>(client)))
                   .Build())
        {
            foreach (var e in events)
                producer.Produce(new TopicPartition("susy-events", 0), new Message<long, SusyEvent> { Key = e.EventId, Value = e });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        var answer = PythonAvro.RunConfluentClient(registryUrl, new JsonObject
        {
            ["op"] = "consume",
            ["bootstrap"] = cluster.BootstrapServers,
            ["topic"] = "susy-events",
            ["count"] = events.Count,
        })["values"]!.AsArray();

        Assert.Equal(events.Count, answer.Count);
        var id = (await client.GetLatestSchemaAsync("susy-events-value")).Id;
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(id, answer[i]!["id"]!.GetValue<int>());
            Assert.Equal(InteropJson.Normalize(InteropJson.From(SusyEvent.AvroRecordSchema, events[i].ToGenericRecord())), InteropJson.Normalize(answer[i]!["value"]));
        }
    }
}
