using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using SusyTopology.Avro.Confluent;
using SusyTopology.Avro.Generic;
using SusyTopology.Avro.IO;
using SusyTopology.Avro.Specific;
using SusyTopology.Events;

namespace SusyTopology.Avro.Tests.Generated;

public class GeneratedClassTests
{
    public static SusyEvent SampleEvent(long id = 7) => new()
    {
        EventId = id,
        Split = Split.TEST,
        Label = 1,
        Lepton1Pt = 0.972,
        Lepton1Eta = 0.653,
        Lepton1Phi = 1.176,
        Lepton2Pt = 1.157,
        Lepton2Eta = -1.739,
        Lepton2Phi = -0.874,
        MissingEnergyMagnitude = 0.567,
        MissingEnergyPhi = -0.175,
        MetRel = 0.810,
        AxialMet = -0.252,
        MR = 1.921,
        MTr2 = 0.889,
        R = 0.410,
        Mt2 = 1.145,
        SR = 1.932,
        MDeltaR = 0.994,
        DphiRB = 1.367,
        CosThetaR1 = 0.040,
        EventTime = DateTimeOffset.FromUnixTimeMilliseconds(1_763_780_000_123),
    };

    public static AllTypes SampleAllTypes() => new()
    {
        Flag = true,
        Small = -5,
        Big = long.MinValue,
        Ratio = 1.5f,
        Value = double.NaN,
        Payload = [1, 2, 3],
        Name = "naïve ✓",
        Color = Color.BLUE,
        MaybeColor = Color.RED,
        Hash = [9, 8, 7, 6],
        Numbers = [1, -1, long.MaxValue],
        Labels = new() { ["a"] = "b", ["é"] = "" },
        MaybeText = null,
        Point = new Point { X = 1, Y = 2, Tags = ["x", null] },
        Path = [new Point { X = 3, Y = 4 }, new Point { X = 5, Y = 6, Tags = [null] }],
        MaybePoint = new Point { X = -1, Y = -2 },
        NestedMaps = new() { ["k"] = [1, 2], ["empty"] = [] },
        At = DateTimeOffset.FromUnixTimeMilliseconds(-1),
        AtMicros = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(12340),
        Day = new DateOnly(1969, 12, 31),
        Id = Guid.NewGuid(),
        Amount = AvroDecimal.FromDecimal(-1234.56m),
        MaybeAt = DateTimeOffset.FromUnixTimeMilliseconds(42),
    };

    [Fact]
    public void Project_schemas_generate_classes_with_the_agreed_names_and_types()
    {
        Assert.Equal("SusyTopology.Events.SusyEvent", SusyEvent.AvroRecordSchema.FullName);
        Assert.Equal(typeof(int?), typeof(SusyEvent).GetProperty(nameof(SusyEvent.Label))!.PropertyType);
        Assert.Equal(typeof(DateTimeOffset), typeof(SusyEvent).GetProperty(nameof(SusyEvent.EventTime))!.PropertyType);
        Assert.Equal(typeof(Split), typeof(SusyEvent).GetProperty(nameof(SusyEvent.Split))!.PropertyType);
        Assert.Equal(typeof(long?), typeof(AccuracyReport).GetProperty(nameof(AccuracyReport.ModelVersion))!.PropertyType);
        Assert.Equal(typeof(double?), typeof(AccuracyReport).GetProperty(nameof(AccuracyReport.Auc))!.PropertyType);
        Assert.Equal(typeof(byte[]), typeof(ModelSnapshot).GetProperty(nameof(ModelSnapshot.Onnx))!.PropertyType);
        Assert.Equal(typeof(Dictionary<string, double>), typeof(ModelSnapshot).GetProperty(nameof(ModelSnapshot.Metrics))!.PropertyType);
        Assert.Equal(typeof(int), typeof(Prediction).GetProperty(nameof(Prediction.PredictedLabel))!.PropertyType);
        Assert.Equal(18, SusyEvent.AvroRecordSchema.Fields.Count(f => f.Schema.Type == Schemas.SchemaType.Double));
        Assert.All(SusyEvent.AvroRecordSchema.Fields, f => Assert.False(string.IsNullOrWhiteSpace(f.Doc)));
    }

    [Fact]
    public void Generated_encoding_is_byte_identical_to_the_generic_encoding()
    {
        var e = SampleEvent();
        Assert.Equal(GenericDatumWriter.Encode(SusyEvent.AvroRecordSchema, e.ToGenericRecord()), e.ToAvroBytes());
        var all = SampleAllTypes();
        Assert.Equal(GenericDatumWriter.Encode(AllTypes.AvroRecordSchema, all.ToGenericRecord()), all.ToAvroBytes());
    }

    [Fact]
    public void Generated_decoding_round_trips_every_mapped_type()
    {
        var all = SampleAllTypes();
        var back = AllTypes.FromAvroBytes(all.ToAvroBytes());
        Assert.Equal(all, back);
        Assert.Equal(all.ToGenericRecord(), back.ToGenericRecord());
        Assert.Equal(all, AllTypes.FromGenericRecord((GenericRecord)GenericDatumReader.Decode(AllTypes.AvroRecordSchema, all.ToAvroBytes())!));
        var e = SampleEvent();
        Assert.Equal(e, SusyEvent.FromAvroBytes(e.ToAvroBytes()));
        e.Label = null;
        Assert.Equal(e, SusyEvent.FromAvroBytes(e.ToAvroBytes()));
    }

    [Fact]
    public async Task Confluents_specific_and_generic_serdes_read_generated_classes_over_the_dev_registry()
    {
        await using var server = await SusyTopology.Avro.DevRegistry.DevSchemaRegistryServer.StartAsync(port: 0);
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = server.Url.GetLeftPart(UriPartial.Authority) });
        var context = new SerializationContext(MessageComponentType.Value, "susy-events");
        var bytes = new InlineSerializer<SusyEvent>(new AvroSerializer<SusyEvent>(client)).Serialize(SampleEvent(), context);
        Assert.Equal(SampleEvent(), new InlineDeserializer<SusyEvent>(new AvroDeserializer<SusyEvent>(client)).Deserialize(bytes, false, context));
        // Confluent's wire format around the direct codec's body.
        Assert.Equal(SampleEvent().ToAvroBytes(), bytes[5..]);
        // Generic consumers read the same bytes.
        var generic = new InlineDeserializer<global::Avro.Generic.GenericRecord>(new AvroDeserializer<global::Avro.Generic.GenericRecord>(client)).Deserialize(bytes, false, context);
        Assert.Equal(7L, generic["event_id"]);
        Assert.Equal("TEST", ((global::Avro.Generic.GenericEnum)generic["split"]).Value);
    }

    [Fact]
    public void Decoding_errors_in_generated_code_name_the_field()
    {
        var bytes = SampleEvent().ToAvroBytes();
        bytes[1] = 9; // the split enum ordinal (event_id 7 is one byte)
        var e = Assert.Throws<AvroDecodingException>(() => SusyEvent.FromAvroBytes(bytes));
        Assert.Equal("SusyEvent.split", e.FieldPath);
        Assert.Equal(1, e.Offset);
        var truncated = SampleEvent().ToAvroBytes()[..20];
        Assert.Throws<AvroDecodingException>(() => SusyEvent.FromAvroBytes(truncated));
    }

    [Fact]
    public void Encoding_an_undefined_enum_value_is_an_encoding_error()
    {
        var e = SampleEvent();
        e.Split = (Split)5;
        Assert.Throws<AvroEncodingException>(() => e.ToAvroBytes());
    }

    [Fact]
    public void The_direct_reader_is_chosen_only_for_the_class_schema()
    {
        Assert.True(new SpecificDatumReader<SusyEvent>().IsDirect);
        Assert.True(new SpecificDatumReader<SusyEvent>(Schemas.AvroSchema.Parse(SusyEvent.AvroSchemaJson)).IsDirect);
    }

    [Fact]
    public void Writing_into_a_reused_writer_allocates_nothing()
    {
        var e = SampleEvent();
        var writer = new AvroBinaryWriter();
        e.Encode(writer);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            writer.Reset();
            e.Encode(writer);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
