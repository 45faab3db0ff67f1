using System.Text.Json.Nodes;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using SusyTopology.Avro.Confluent;
using SusyTopology.Avro.DevRegistry;
using SusyTopology.Events;

namespace SusyTopology.Avro.Tests.Registry;

/// <summary>
/// Records written with another version of a schema reach the generated classes through Confluent's deserializer:
/// Apache.Avro resolves the writer schema (fetched by id) against the class's (defaults filled, unknown fields skipped).
/// </summary>
public sealed class ConfluentSchemaEvolutionTests : IAsyncLifetime
{
    private static readonly SerializationContext Context = new(MessageComponentType.Value, "susy-predictions");
    private DevSchemaRegistryServer _server = null!;
    private ISchemaRegistryClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await DevSchemaRegistryServer.StartAsync(port: 0);
        _client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _server.Url.GetLeftPart(UriPartial.Authority) });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private byte[] WriteWith(string schemaJson, Action<GenericRecord> fill)
    {
        var schema = (global::Avro.RecordSchema)global::Avro.Schema.Parse(schemaJson);
        var record = new GenericRecord(schema);
        fill(record);
        return new InlineSerializer<GenericRecord>(new AvroSerializer<GenericRecord>(_client)).Serialize(record, Context);
    }

    private Prediction Read(byte[] message) =>
        new InlineDeserializer<Prediction>(new AvroDeserializer<Prediction>(_client)).Deserialize(message, false, Context);

    private static string Edit(Action<JsonArray> change)
    {
        var schema = JsonNode.Parse(Prediction.AvroSchemaJson)!;
        change(schema["fields"]!.AsArray());
        return schema.ToJsonString();
    }

    private static JsonNode Field(JsonArray fields, string name) => fields.First(f => (string?)f!["name"] == name)!;

    [Fact]
    public void An_older_writer_without_an_optional_field_and_a_narrower_type_reads_with_default_and_promotion()
    {
        var older = Edit(fields =>
        {
            fields.Remove(Field(fields, "label"));
            Field(fields, "model_version")["type"] = "int";
        });
        var message = WriteWith(older, r =>
        {
            r.Add("event_id", 9L);
            r.Add("probability", 0.25);
            r.Add("predicted_label", 0);
            r.Add("model_version", 2);
            r.Add("scored_at", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000).UtcDateTime);
        });

        var prediction = Read(message);
        Assert.Equal(9L, prediction.EventId);
        Assert.Null(prediction.Label);
        Assert.Equal(2L, prediction.ModelVersion);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), prediction.ScoredAt);
    }

    [Fact]
    public void A_newer_writer_with_an_extra_field_reads_as_the_class_knows_it()
    {
        var newer = Edit(fields => fields.Insert(0, new JsonObject { ["name"] = "detector", ["type"] = "string", ["default"] = "" }));
        var message = WriteWith(newer, r =>
        {
            r.Add("detector", "ATLAS");
            r.Add("event_id", 10L);
            r.Add("probability", 0.75);
            r.Add("predicted_label", 1);
            r.Add("label", 1);
            r.Add("model_version", 3L);
            r.Add("scored_at", DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_001).UtcDateTime);
        });

        var prediction = Read(message);
        Assert.Equal(10L, prediction.EventId);
        Assert.Equal(1, prediction.Label);
        Assert.Equal(0.75, prediction.Probability);
    }
}
