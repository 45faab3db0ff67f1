using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Streamiz.Kafka.Net.SerDes;
using SusyTopology.App.Serdes;
using SusyTopology.Events;

namespace SusyTopology.App.Topology;

/// <summary>
/// The topology's serdes. Values of the external topics are Avro in Confluent's wire format through Confluent's
/// serdes and the Schema Registry (subjects <c>&lt;topic&gt;-value</c> by default), readable by Confluent's tools
/// and ksqlDB; the internal topics carry plain Avro binary (<see cref="DirectAvroSerDes{T}"/>). Keys are Kafka's
/// own formats (a big-endian 64-bit event id, UTF-8 strings), which ksqlDB reads as <c>KEY_FORMAT='KAFKA'</c>.
/// </summary>
public sealed class SusySerdes(ISchemaRegistryClient registry, AvroSerializerConfig? serializer = null, AvroDeserializerConfig? deserializer = null)
{
    public ISerDes<long> EventId { get; } = new BigEndianInt64SerDes();
    public ISerDes<string> Text { get; } = new StringSerDes();
    public ISerDes<byte[]> Bytes { get; } = new ByteArraySerDes();

    public ISerDes<SusyEvent> Event { get; } = Avro<SusyEvent>(registry, serializer, deserializer);
    public ISerDes<Prediction> Prediction { get; } = Avro<Prediction>(registry, serializer, deserializer);
    public ISerDes<AccuracyReport> Accuracy { get; } = Avro<AccuracyReport>(registry, serializer, deserializer);
    public ISerDes<ModelSnapshot> Model { get; } = Avro<ModelSnapshot>(registry, serializer, deserializer);

    public ISerDes<SusyEvent> InternalEvent { get; } = new DirectAvroSerDes<SusyEvent>();
    public ISerDes<Prediction> InternalPrediction { get; } = new DirectAvroSerDes<Prediction>();

    public ISchemaRegistryClient Registry => registry;

    private static ConfluentSerDes<T> Avro<T>(ISchemaRegistryClient registry, AvroSerializerConfig? serializer, AvroDeserializerConfig? deserializer)
        where T : class, global::Avro.Specific.ISpecificRecord, IEquatable<T>, new() =>
        new(registry, serializer ?? new AvroSerializerConfig { AutoRegisterSchemas = true }, deserializer);
}
