using Streamiz.Kafka.Net.SerDes;
using SusyTopology.App.Serdes;
using SusyTopology.Avro.SchemaRegistry;
using SusyTopology.Avro.Serdes;
using SusyTopology.Events;

namespace SusyTopology.App.Topology;

/// <summary>
/// The topology's serdes. Values are Avro in Confluent's wire format through the Schema Registry (subjects
/// <c>&lt;topic&gt;-value</c>), readable by Confluent's tools and ksqlDB; keys are Kafka's own formats (a big-endian
/// 64-bit event id, UTF-8 strings), which ksqlDB reads as <c>KEY_FORMAT='KAFKA'</c>.
/// </summary>
public sealed class SusySerdes(ISchemaRegistryClient registry)
{
    public ISerDes<long> EventId { get; } = new BigEndianInt64SerDes();
    public ISerDes<string> Text { get; } = new StringSerDes();
    public ISerDes<byte[]> Bytes { get; } = new ByteArraySerDes();
    public ISerDes<SusyEvent> Event { get; } = Avro<SusyEvent>(registry);
    public ISerDes<Prediction> Prediction { get; } = Avro<Prediction>(registry);
    public ISerDes<AccuracyReport> Accuracy { get; } = Avro<AccuracyReport>(registry);
    public ISerDes<ModelSnapshot> Model { get; } = Avro<ModelSnapshot>(registry);

    public ISchemaRegistryClient Registry => registry;

    private static ConfluentSerDes<T> Avro<T>(ISchemaRegistryClient registry) =>
        new(new AvroSerializer<T>(registry, new AvroSerializerConfig { AutoRegisterSchemas = true }), new AvroDeserializer<T>(registry));
}
