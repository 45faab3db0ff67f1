using SusyTopology.Avro.Generic;
using SusyTopology.Avro.Resolution;
using SusyTopology.Avro.Schemas;
using SusyTopology.Avro.Specific;
using SusyTopology.Avro.Tests.Generated;
using SusyTopology.Events;

namespace SusyTopology.Avro.Tests.Codec;

/// <summary>Schema resolution (reader ≠ writer) per the specification, and the compatibility levels built on it.</summary>
public class SchemaResolutionTests
{
    private static object? Resolve(string writerJson, string readerJson, object? value)
    {
        var writer = AvroSchema.Parse(writerJson);
        return new GenericDatumReader(writer, AvroSchema.Parse(readerJson)).Read(GenericDatumWriter.Encode(writer, value));
    }

    [Fact]
    public void Numbers_are_promoted_and_strings_and_bytes_interchange()
    {
        Assert.Equal(5L, Resolve("\"int\"", "\"long\"", 5));
        Assert.Equal(5f, Resolve("\"int\"", "\"float\"", 5));
        Assert.Equal(5d, Resolve("\"long\"", "\"double\"", 5L));
        Assert.Equal(1.5d, Resolve("\"float\"", "\"double\"", 1.5f));
        Assert.Equal("hé", Resolve("\"bytes\"", "\"string\"", "hé"u8.ToArray()));
        Assert.Equal("hé"u8.ToArray(), Resolve("\"string\"", "\"bytes\"", "hé"));
        Assert.Equal(new List<object?> { 1L, 2L }, Resolve("{\"type\":\"array\",\"items\":\"int\"}", "{\"type\":\"array\",\"items\":\"long\"}", new List<object?> { 1, 2 }));
    }

    [Fact]
    public void Record_fields_are_defaulted_skipped_reordered_and_matched_by_alias()
    {
        const string writer = """
            {"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"removed","type":{"type":"map","values":{"type":"array","items":"string"}}},{"name":"old","type":"string"}]}
            """;
        const string reader = """
            {"type":"record","name":"R","fields":[{"name":"renamed","type":"string","aliases":["old"]},{"name":"a","type":"long"},
              {"name":"added","type":{"type":"enum","name":"E","symbols":["X","Y"]},"default":"Y"},
              {"name":"opt","type":["null","int"],"default":null},{"name":"nested","type":{"type":"record","name":"N","fields":[{"name":"z","type":"bytes"}]},"default":{"z":"\u00ff"}}]}
            """;
        var writerSchema = (RecordSchema)AvroSchema.Parse(writer);
        var value = new GenericRecord(writerSchema).Set("a", 3).Set("old", "text")
            .Set("removed", new Dictionary<string, object?> { ["k"] = new List<object?> { "v" } });
        var result = (GenericRecord)Resolve(writer, reader, value)!;
        Assert.Equal("text", result["renamed"]);
        Assert.Equal(3L, result["a"]);
        Assert.Equal("Y", ((GenericEnum)result["added"]!).Symbol);
        Assert.Null(result["opt"]);
        Assert.Equal(new byte[] { 0xff }, ((GenericRecord)result["nested"]!)["z"]);
    }

    [Fact]
    public void Enums_resolve_by_symbol_and_fall_back_to_the_reader_default()
    {
        const string writer = "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\",\"NEW\"]}";
        var writerSchema = (EnumSchema)AvroSchema.Parse(writer);
        Assert.Equal("B", ((GenericEnum)Resolve(writer, "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"B\",\"A\"],\"default\":\"A\"}", new GenericEnum(writerSchema, "B"))!).Symbol);
        Assert.Equal("A", ((GenericEnum)Resolve(writer, "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"B\",\"A\"],\"default\":\"A\"}", new GenericEnum(writerSchema, "NEW"))!).Symbol);
        // Without a default an unknown symbol fails when it is met, naming the symbol.
        var e = Assert.Throws<AvroDecodingException>(() => Resolve(writer, "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}", new GenericEnum(writerSchema, "NEW")));
        Assert.Contains("NEW", e.Message);
        Assert.Equal("A", ((GenericEnum)Resolve(writer, "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}", new GenericEnum(writerSchema, "A"))!).Symbol);
    }

    [Fact]
    public void Unions_resolve_in_both_directions()
    {
        Assert.Equal(4L, Resolve("\"int\"", "[\"null\",\"long\"]", 4));
        Assert.Equal("s", Resolve("[\"null\",\"string\"]", "\"string\"", "s"));
        Assert.Equal(2d, Resolve("[\"int\",\"string\"]", "[\"string\",\"double\"]", 2));
        // A writer branch the reader cannot take fails only when data uses it.
        Assert.Equal("ok", Resolve("[\"string\",\"boolean\"]", "\"string\"", "ok"));
        Assert.Throws<AvroDecodingException>(() => Resolve("[\"string\",\"boolean\"]", "\"string\"", true));
    }

    [Fact]
    public void Unresolvable_schemas_fail_when_the_reader_is_built()
    {
        Assert.Throws<AvroResolutionException>(() => new GenericDatumReader(AvroSchema.Parse("\"long\""), AvroSchema.Parse("\"int\"")));
        Assert.Throws<AvroResolutionException>(() => new GenericDatumReader(
            AvroSchema.Parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}"),
            AvroSchema.Parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}")));
        Assert.Throws<AvroResolutionException>(() => new GenericDatumReader(
            AvroSchema.Parse("{\"type\":\"fixed\",\"name\":\"F\",\"size\":2}"), AvroSchema.Parse("{\"type\":\"fixed\",\"name\":\"F\",\"size\":3}")));
        Assert.Throws<AvroResolutionException>(() => new GenericDatumReader(
            AvroSchema.Parse("{\"type\":\"record\",\"name\":\"A\",\"fields\":[]}"), AvroSchema.Parse("{\"type\":\"record\",\"name\":\"B\",\"fields\":[]}")));
    }

    [Fact]
    public void Generated_classes_read_older_and_newer_writer_schemas()
    {
        var sample = GeneratedClassTests.SampleEvent().ToGenericRecord();

        // An older producer whose events had no label: the reader's default (null) fills it.
        var older = (RecordSchema)AvroSchema.Parse(SusyEvent.AvroSchemaJson.Replace("\"name\": \"label\"", "\"name\": \"legacy_label\""));
        var olderRecord = new GenericRecord(older);
        foreach (var field in older.Fields)
            olderRecord[field.Position] = field.Name == "legacy_label" ? 1 : sample[field.Name];
        var olderReader = new SpecificDatumReader<SusyEvent>(older);
        Assert.False(olderReader.IsDirect);
        var fromOlder = olderReader.Read(GenericDatumWriter.Encode(older, olderRecord));
        Assert.Null(fromOlder.Label);
        Assert.Equal(GeneratedClassTests.SampleEvent().Lepton2Phi, fromOlder.Lepton2Phi);

        // A newer producer with an extra field: it is skipped.
        var newer = (RecordSchema)AvroSchema.Parse(SusyEvent.AvroSchemaJson.Replace("\"fields\": [", "\"fields\": [{\"name\":\"detector\",\"type\":\"string\"},"));
        var newerRecord = new GenericRecord(newer);
        foreach (var field in newer.Fields)
            newerRecord[field.Position] = field.Name == "detector" ? "ATLAS" : sample[field.Name];
        Assert.Equal(GeneratedClassTests.SampleEvent(), new SpecificDatumReader<SusyEvent>(newer).Read(GenericDatumWriter.Encode(newer, newerRecord)));

        // A writer lacking a field the class needs (no default) cannot be read at all.
        Assert.Throws<AvroResolutionException>(() => new SpecificDatumReader<SusyEvent>(AvroSchema.Parse(
            """{"type":"record","name":"SusyEvent","namespace":"SusyTopology.Events","fields":[{"name":"event_id","type":"long"}]}""")));
    }

    [Fact]
    public void Compatibility_levels_check_the_right_direction()
    {
        var v1 = AvroSchema.Parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
        var addedWithDefault = AvroSchema.Parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}");
        var addedWithoutDefault = AvroSchema.Parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\"}]}");
        var removed = AvroSchema.Parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}");

        Assert.Empty(CompatibilityLevels.Check(CompatibilityLevel.Backward, addedWithDefault, [v1]));
        Assert.NotEmpty(CompatibilityLevels.Check(CompatibilityLevel.Backward, addedWithoutDefault, [v1]));
        Assert.Empty(CompatibilityLevels.Check(CompatibilityLevel.Forward, addedWithoutDefault, [v1]));
        Assert.Empty(CompatibilityLevels.Check(CompatibilityLevel.Backward, removed, [v1]));
        Assert.NotEmpty(CompatibilityLevels.Check(CompatibilityLevel.Forward, removed, [v1]));
        Assert.Empty(CompatibilityLevels.Check(CompatibilityLevel.Full, addedWithDefault, [v1]));
        Assert.NotEmpty(CompatibilityLevels.Check(CompatibilityLevel.Full, addedWithoutDefault, [v1]));
        Assert.Empty(CompatibilityLevels.Check(CompatibilityLevel.None, AvroSchema.Parse("\"string\""), [v1]));
        // Transitive levels look past the latest version.
        Assert.Empty(CompatibilityLevels.Check(CompatibilityLevel.Backward, v1, [removed, addedWithDefault]));
        Assert.NotEmpty(CompatibilityLevels.Check(CompatibilityLevel.BackwardTransitive, v1, [removed, addedWithDefault]));
    }
}
