using Avro.IO;
using Avro.Specific;
using SusyTopology.Events;

namespace SusyTopology.Avro.Tests.Generated;

/// <summary>
/// The generated classes as Apache.Avro specific records: Apache.Avro's writer produces the same bytes as the direct
/// codec, and its reader (the one Confluent's deserializer uses) rebuilds equal objects from them.
/// </summary>
public class ApacheAvroContractTests
{
    private static byte[] ApacheWrite<T>(T value) where T : ISpecificRecord
    {
        using var stream = new MemoryStream();
        new SpecificDatumWriter<T>(value.Schema).Write(value, new BinaryEncoder(stream));
        return stream.ToArray();
    }

    private static T ApacheRead<T>(global::Avro.Schema schema, byte[] bytes) =>
        new SpecificDatumReader<T>(schema, schema).Read(default!, new BinaryDecoder(new MemoryStream(bytes)));

    [Fact]
    public void Every_type_the_generator_maps_survives_apache_avro_both_ways()
    {
        var value = GeneratedClassTests.SampleAllTypes();
        var direct = value.ToAvroBytes();
        Assert.Equal(direct, ApacheWrite(value));
        Assert.Equal(value, ApacheRead<AllTypes>(AllTypes.ApacheAvroSchema, direct));
    }

    [Fact]
    public void Sample_events_encode_identically_and_decode_equal()
    {
        foreach (var e in SampleEvents.Load(500))
        {
            var direct = e.ToAvroBytes();
            Assert.Equal(direct, ApacheWrite(e));
            Assert.Equal(e, ApacheRead<SusyEvent>(SusyEvent.ApacheAvroSchema, direct));
        }
    }

    [Fact]
    public void Model_snapshots_with_their_map_and_bytes_round_trip()
    {
        var snapshot = new ModelSnapshot
        {
            Version = 3,
            TrainedRecords = 1200,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_763_780_000_123),
            Onnx = [1, 2, 3, 250],
            Metrics = new() { ["train_log_loss"] = 0.45, ["steps"] = 19 },
        };
        var direct = snapshot.ToAvroBytes();
        Assert.Equal(direct, ApacheWrite(snapshot));
        Assert.Equal(snapshot, ApacheRead<ModelSnapshot>(ModelSnapshot.ApacheAvroSchema, direct));
    }

    [Fact]
    public void The_apache_schema_is_the_schema_file_and_names_the_csharp_class()
    {
        Assert.Equal(typeof(SusyEvent).FullName, SusyEvent.ApacheAvroSchema.Fullname);
        Assert.Equal(global::Avro.Schema.Parse(SusyEvent.AvroSchemaJson).ToString(), SusyEvent.ApacheAvroSchema.ToString());
    }
}
