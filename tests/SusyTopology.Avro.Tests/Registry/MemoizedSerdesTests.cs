using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using SusyTopology.Avro.Confluent;
using SusyTopology.Avro.DevRegistry;
using SusyTopology.Avro.Tests.Generated;
using SusyTopology.Events;

namespace SusyTopology.Avro.Tests.Registry;

/// <summary>The memoized path writes Confluent's bytes and reads Confluent's values, and steps aside where it must.</summary>
public sealed class MemoizedSerdesTests : IAsyncLifetime
{
    private static readonly SerializationContext Events = new(MessageComponentType.Value, "susy-events");
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

    [Fact]
    public void Memoized_serializer_writes_exactly_what_confluents_writes()
    {
        var confluent = new InlineSerializer<SusyEvent>(new AvroSerializer<SusyEvent>(_client));
        var memoized = new MemoizedAvroSerializer<SusyEvent>(_client);
        var events = SampleEvents.Load(300);
        foreach (var e in events)
            Assert.Equal(confluent.Serialize(e, Events), memoized.Serialize(e, Events));
        Assert.Equal(events.Count - 1, memoized.MemoizedRecords); // the first went through Confluent's serializer
    }

    [Fact]
    public void Memoized_deserializer_reads_what_confluents_reads()
    {
        var serializer = new InlineSerializer<SusyEvent>(new AvroSerializer<SusyEvent>(_client));
        var confluent = new InlineDeserializer<SusyEvent>(new AvroDeserializer<SusyEvent>(_client));
        var memoized = new MemoizedAvroDeserializer<SusyEvent>(_client);
        var events = SampleEvents.Load(300);
        foreach (var e in events)
        {
            var bytes = serializer.Serialize(e, Events);
            Assert.Equal(confluent.Deserialize(bytes, false, Events), memoized.Deserialize(bytes.AsMemory(), false, Events));
        }
        Assert.Equal(events.Count - 1, memoized.MemoizedRecords);
    }

    [Fact]
    public async Task With_use_latest_version_every_record_goes_through_confluents_serdes()
    {
        await _client.RegisterSchemaAsync("susy-events-value", new Schema(SusyEvent.AvroSchemaJson, SchemaType.Avro));
        var serializer = new MemoizedAvroSerializer<SusyEvent>(_client, new AvroSerializerConfig { UseLatestVersion = true, AutoRegisterSchemas = false });
        var deserializer = new MemoizedAvroDeserializer<SusyEvent>(_client, new AvroDeserializerConfig { UseLatestVersion = true });
        foreach (var e in SampleEvents.Load(5))
            Assert.Equal(e, deserializer.Deserialize(serializer.Serialize(e, Events).AsMemory(), false, Events));
        Assert.Equal(0, serializer.MemoizedRecords);
        Assert.Equal(0, deserializer.MemoizedRecords);
    }

    [Fact]
    public void Unknown_ids_and_bad_headers_still_get_confluents_errors()
    {
        var serializer = new MemoizedAvroSerializer<SusyEvent>(_client);
        var deserializer = new MemoizedAvroDeserializer<SusyEvent>(_client);
        var good = serializer.Serialize(GeneratedClassTests.SampleEvent(), Events);
        deserializer.Deserialize(good.AsMemory(), false, Events);
        var unknown = (byte[])good.Clone();
        unknown[4] = 99;
        Assert.Equal(40403, Assert.Throws<SchemaRegistryException>(() => deserializer.Deserialize(unknown.AsMemory(), false, Events)).ErrorCode);
        var wrongMagic = (byte[])good.Clone();
        wrongMagic[0] = 7;
        Assert.ThrowsAny<Exception>(() => deserializer.Deserialize(wrongMagic.AsMemory(), false, Events));
        Assert.Null(deserializer.Deserialize(ReadOnlyMemory<byte>.Empty, true, Events));
    }
}
