using SusyTopology.Avro.SchemaRegistry;
using SusyTopology.Avro.Serdes;
using SusyTopology.Events;
using SusyTopology.Streams;
using StreamsSerdes = SusyTopology.Streams.Serdes;

namespace SusyTopology.App.Topology;

/// <summary>
/// The topology's serdes. Values are Avro in Confluent's wire format through the Schema Registry (subjects
/// <c>&lt;topic&gt;-value</c>), readable by Confluent's tools and ksqlDB; keys are Kafka's own formats (a big-endian
/// 64-bit event id, UTF-8 strings), which ksqlDB reads as <c>KEY_FORMAT='KAFKA'</c>.
/// </summary>
public sealed class SusySerdes(ISchemaRegistryClient registry)
{
    public ISerde<long> EventId { get; } = StreamsSerdes.Int64();
    public ISerde<string> Text { get; } = StreamsSerdes.String();
    public ISerde<byte[]> Bytes { get; } = StreamsSerdes.ByteArray();
    public ISerde<SusyEvent> Event { get; } = Avro<SusyEvent>(registry);
    public ISerde<Prediction> Prediction { get; } = Avro<Prediction>(registry);
    public ISerde<AccuracyReport> Accuracy { get; } = Avro<AccuracyReport>(registry);
    public ISerde<ModelSnapshot> Model { get; } = Avro<ModelSnapshot>(registry);

    public ISchemaRegistryClient Registry => registry;

    private static ISerde<T> Avro<T>(ISchemaRegistryClient registry) =>
        StreamsSerdes.From(new AvroSerializer<T>(registry, new AvroSerializerConfig { AutoRegisterSchemas = true }),
            new AvroDeserializer<T>(registry));
}
