using Confluent.Kafka;
using SusyTopology.Avro.Generic;
using SusyTopology.Avro.SchemaRegistry;
using SusyTopology.Avro.Schemas;
using SusyTopology.Avro.Serdes;

namespace SusyTopology.Avro.Tests.Serdes;

public class GenericSerdesTests
{
    private static readonly SerializationContext ValueOf = new(MessageComponentType.Value, "events");

    private static CachedSchemaRegistryClient NewMockClient(out string scope)
    {
        scope = "test-" + Guid.NewGuid().ToString("N");
        return new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = "mock://" + scope });
    }

    [Fact]
    public void Serializer_writes_the_wire_format_and_registers_under_topic_value()
    {
        using var client = NewMockClient(out var scope);
        var record = (GenericRecord)new RandomValues(3).For(TestSchemas.KitchenSink)!;
        var bytes = new AvroSerializer<GenericRecord>(client).Serialize(record, ValueOf);

        Assert.Equal(0, bytes[0]);
        var id = ConfluentWireFormat.ReadSchemaId(bytes);
        Assert.Equal(id, MockSchemaRegistry.Scope(scope).GetVersion("events-value", -1).Id);
        Assert.Equal(GenericDatumWriter.Encode(TestSchemas.KitchenSink, record), bytes[5..]);

        var back = new AvroDeserializer<GenericRecord>(client).Deserialize(bytes, isNull: false, ValueOf);
        Assert.Equal(record, back);
    }

    [Fact]
    public async Task Mock_scopes_are_shared_between_clients_of_the_same_url()
    {
        using var producerSide = NewMockClient(out var scope);
        using var consumerSide = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = "mock://" + scope });
        using var otherScope = NewMockClient(out _);
        var record = (GenericRecord)new RandomValues(4).For(TestSchemas.KitchenSink)!;
        var bytes = await new AvroSerializer<GenericRecord>(producerSide).SerializeAsync(record, ValueOf);

        Assert.Equal(record, await new AvroDeserializer<GenericRecord>(consumerSide).DeserializeAsync(bytes, false, ValueOf));
        var e = Assert.Throws<UnknownSchemaIdException>(() => new AvroDeserializer<GenericRecord>(otherScope).Deserialize(bytes, false, ValueOf));
        Assert.Equal(ConfluentWireFormat.ReadSchemaId(bytes), e.SchemaId);
    }

    [Fact]
    public void Key_subjects_and_record_strategies_name_subjects_as_confluent_does()
    {
        using var client = NewMockClient(out var scope);
        var record = (GenericRecord)new RandomValues(5).For(TestSchemas.KitchenSink)!;
        new AvroSerializer<GenericRecord>(client).Serialize(record, new SerializationContext(MessageComponentType.Key, "t"));
        new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig { SubjectNameStrategy = SubjectNameStrategy.Record }).Serialize(record, ValueOf);
        new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig { SubjectNameStrategy = SubjectNameStrategy.TopicRecord }).Serialize(record, ValueOf);
        Assert.Equal(["events-test.avro.KitchenSink", "t-key", "test.avro.KitchenSink"], MockSchemaRegistry.Scope(scope).Subjects());
        // One schema, one id, whatever the subject.
        Assert.Single(MockSchemaRegistry.Scope(scope).Subjects().Select(s => MockSchemaRegistry.Scope(scope).GetVersion(s, -1).Id).Distinct());
    }

    [Fact]
    public void Without_auto_registration_an_unregistered_schema_is_a_registry_error()
    {
        using var client = NewMockClient(out _);
        var serializer = new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig { AutoRegisterSchemas = false });
        var record = (GenericRecord)new RandomValues(6).For(TestSchemas.KitchenSink)!;
        var e = Assert.Throws<SchemaRegistryException>(() => serializer.Serialize(record, ValueOf));
        Assert.Equal(SchemaRegistryErrorCodes.SubjectNotFound, e.ErrorCode);
    }

    [Fact]
    public async Task Use_latest_version_takes_the_id_of_the_registered_schema()
    {
        using var client = NewMockClient(out _);
        var id = await client.RegisterSchemaAsync("events-value", new Schema(TestSchemas.KitchenSinkJson));
        var serializer = new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig { AutoRegisterSchemas = false, UseLatestVersion = true });
        var bytes = serializer.Serialize((GenericRecord)new RandomValues(8).For(TestSchemas.KitchenSink)!, ValueOf);
        Assert.Equal(id, ConfluentWireFormat.ReadSchemaId(bytes));
    }

    [Fact]
    public void Primitive_values_use_primitive_schemas()
    {
        using var client = NewMockClient(out _);
        var bytes = new AvroSerializer<string>(client).Serialize("héllo", ValueOf);
        Assert.Equal("héllo", new AvroDeserializer<string>(client).Deserialize(bytes, false, ValueOf));
        var longBytes = new AvroSerializer<long>(client).Serialize(42L, new SerializationContext(MessageComponentType.Key, "events"));
        Assert.Equal(42L, new AvroDeserializer<long>(client).Deserialize(longBytes, false, ValueOf));
        Assert.Null(new AvroSerializer<string>(client).Serialize(null!, ValueOf));
        Assert.Null(new AvroDeserializer<string>(client).Deserialize(ReadOnlySpan<byte>.Empty, true, ValueOf));
    }

    [Fact]
    public async Task Registry_client_reports_versions_subjects_and_compatibility()
    {
        using var client = NewMockClient(out _);
        const string v1 = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
        const string v2 = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}]}";
        const string incompatible = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
        var id1 = await client.RegisterSchemaAsync("s", new Schema(v1));
        Assert.Equal(id1, await client.RegisterSchemaAsync("s", new Schema(v1)));
        Assert.True((await client.TestCompatibilityAsync("s", new Schema(v2))).IsCompatible);
        var id2 = await client.RegisterSchemaAsync("s", new Schema(v2));
        Assert.NotEqual(id1, id2);
        Assert.Equal([1, 2], await client.GetSubjectVersionsAsync("s"));
        Assert.Equal(2, (await client.GetLatestSchemaAsync("s")).Version);
        Assert.Equal(id1, (await client.LookupSchemaAsync("s", new Schema(v1))).Id);
        Assert.False((await client.TestCompatibilityAsync("s", new Schema(incompatible))).IsCompatible);
        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.RegisterSchemaAsync("s", new Schema(incompatible)));
        Assert.Equal(409, e.ErrorCode);
        var invalid = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.RegisterSchemaAsync("s", new Schema("{\"type\":\"nope\"}")));
        Assert.Equal(42201, invalid.ErrorCode);
        await client.UpdateCompatibilityAsync(Resolution.CompatibilityLevel.None, "s");
        Assert.True(await client.RegisterSchemaAsync("s", new Schema(incompatible)) > 0);
        Assert.Equal([1, 2, 3], await client.DeleteSubjectAsync("s"));
        Assert.Equal(40401, (await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetLatestSchemaAsync("s"))).ErrorCode);
        // Ids outlive the deleted subject (soft delete).
        Assert.Equal(AvroSchema.Parse(v1), AvroSchema.Parse((await client.GetSchemaAsync(id1)).SchemaString));
    }

    [Fact]
    public void Generic_deserializer_resolves_to_a_configured_reader_schema()
    {
        using var client = NewMockClient(out _);
        var writer = (RecordSchema)AvroSchema.Parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"gone\",\"type\":\"string\"}]}");
        var reader = AvroSchema.Parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"double\"},{\"name\":\"added\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
        var bytes = new AvroSerializer<GenericRecord>(client).Serialize(new GenericRecord(writer).Set("a", 4).Set("gone", "x"), ValueOf);
        var read = new AvroDeserializer<GenericRecord>(client, new AvroDeserializerConfig { ReaderSchema = reader }).Deserialize(bytes, false, ValueOf);
        Assert.Equal(reader, read.Schema);
        Assert.Equal(4d, read["a"]);
        Assert.Null(read["added"]);
        Assert.False(read.TryGetValue("gone", out _));
    }
}
