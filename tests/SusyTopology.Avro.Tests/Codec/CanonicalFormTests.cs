using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Tests.Codec;

/// <summary>
/// Parsing Canonical Form and CRC-64-AVRO fingerprints against the reference vectors of the Apache Avro project
/// (share/test/data/schema-tests.txt, whose fingerprints the Java implementation cross-checks).
/// </summary>
public class CanonicalFormTests
{
    public static TheoryData<string, string, long> ReferenceVectors => new()
    {
        { "\"null\"", "\"null\"", 7195948357588979594 },
        { "{\"type\":\"null\"}", "\"null\"", 7195948357588979594 },
        { "\"boolean\"", "\"boolean\"", -6970731678124411036 },
        { "\"int\"", "\"int\"", 8247732601305521295 },
        { "{\"type\":\"int\"}", "\"int\"", 8247732601305521295 },
        { "\"long\"", "\"long\"", -3434872931120570953 },
        { "\"float\"", "\"float\"", 5583340709985441680 },
        { "\"double\"", "\"double\"", -8181574048448539266 },
        { "\"bytes\"", "\"bytes\"", 5746618253357095269 },
        { "\"string\"", "\"string\"", -8142146995180207161 },
        { "[  ]", "[]", -1241056759729112623 },
        { "[ \"int\"  ]", "[\"int\"]", -5232228896498058493 },
        { "[ \"int\" , {\"type\":\"boolean\"} ]", "[\"int\",\"boolean\"]", 5392556393470105090 },
        { "{\"fields\":[], \"type\":\"record\", \"name\":\"foo\"}", "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[]}", -4824392279771201922 },
        { "{\"fields\":[], \"type\":\"record\", \"name\":\"foo\", \"namespace\":\"x.y\"}", "{\"name\":\"x.y.foo\",\"type\":\"record\",\"fields\":[]}", 5916914534497305771 },
        { "{\"fields\":[], \"type\":\"record\", \"name\":\"a.b.foo\", \"namespace\":\"x.y\"}", "{\"name\":\"a.b.foo\",\"type\":\"record\",\"fields\":[]}", -4616218487480524110 },
        { "{\"fields\":[], \"type\":\"record\", \"name\":\"foo\", \"doc\":\"foo\", \"aliases\":[\"foo\",\"bar\"]}", "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[]}", -4824392279771201922 },
        { "{\"fields\":[{\"type\":{\"type\":\"boolean\"}, \"name\":\"f1\"}], \"type\":\"record\", \"name\":\"foo\"}", "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[{\"name\":\"f1\",\"type\":\"boolean\"}]}", 7843277075252814651 },
        { "{ \"fields\":[{\"type\":\"boolean\", \"aliases\":[], \"name\":\"f1\", \"default\":\"true\"},{\"order\":\"descending\",\"name\":\"f2\",\"doc\":\"Hello\",\"type\":\"int\"}], \"type\":\"record\", \"name\":\"foo\" }",
          "{\"name\":\"foo\",\"type\":\"record\",\"fields\":[{\"name\":\"f1\",\"type\":\"boolean\"},{\"name\":\"f2\",\"type\":\"int\"}]}", -4860222112080293046 },
        { "{\"type\":\"enum\", \"name\":\"foo\", \"symbols\":[\"A1\"]}", "{\"name\":\"foo\",\"type\":\"enum\",\"symbols\":[\"A1\"]}", -6342190197741309591 },
        { "{\"namespace\":\"x.y.z\", \"type\":\"enum\", \"name\":\"foo\", \"doc\":\"foo bar\", \"symbols\":[\"A1\", \"A2\"]}", "{\"name\":\"x.y.z.foo\",\"type\":\"enum\",\"symbols\":[\"A1\",\"A2\"]}", -4448647247586288245 },
        { "{\"name\":\"foo\",\"type\":\"fixed\",\"size\":15}", "{\"name\":\"foo\",\"type\":\"fixed\",\"size\":15}", 1756455273707447556 },
        { "{\"namespace\":\"x.y.z\", \"type\":\"fixed\", \"name\":\"foo\", \"doc\":\"foo bar\", \"size\":32}", "{\"name\":\"x.y.z.foo\",\"type\":\"fixed\",\"size\":32}", -3064184465700546786 },
        { "{ \"items\":{\"type\":\"null\"}, \"type\":\"array\"}", "{\"type\":\"array\",\"items\":\"null\"}", -589620603366471059 },
        { "{ \"values\":\"string\", \"type\":\"map\"}", "{\"type\":\"map\",\"values\":\"string\"}", -8732877298790414990 },
        { "{\"name\":\"PigValue\",\"type\":\"record\", \"fields\":[{\"name\":\"value\", \"type\":[\"null\", \"int\", \"long\", \"PigValue\"]}]}",
          "{\"name\":\"PigValue\",\"type\":\"record\",\"fields\":[{\"name\":\"value\",\"type\":[\"null\",\"int\",\"long\",\"PigValue\"]}]}", -1759257747318642341 },
    };

    [Theory]
    [MemberData(nameof(ReferenceVectors))]
    public void Canonical_form_and_fingerprint_match_the_reference(string input, string canonical, long fingerprint)
    {
        var schema = AvroSchema.Parse(input);
        Assert.Equal(canonical, schema.CanonicalForm);
        Assert.Equal(fingerprint, schema.Fingerprint64);
    }

    [Fact]
    public void Canonical_form_drops_logical_types_and_full_json_keeps_them()
    {
        var schema = AvroSchema.Parse("{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}");
        Assert.Equal("\"long\"", schema.CanonicalForm);
        Assert.Equal(LogicalTypeKind.TimestampMillis, ((PrimitiveSchema)schema).LogicalKind);
        Assert.Contains("timestamp-millis", schema.ToJson());
    }

    [Fact]
    public void Full_json_round_trips_to_an_equal_schema_with_docs_and_defaults()
    {
        const string json = """
            {"type":"record","name":"R","namespace":"n.s","doc":"a record","aliases":["Old"],"fields":[
              {"name":"a","type":["null","string"],"default":null,"doc":"field a"},
              {"name":"b","type":{"type":"enum","name":"E","symbols":["X","Y"],"default":"X"},"default":"Y"},
              {"name":"c","type":{"type":"array","items":"E"},"default":[]},
              {"name":"d","type":{"type":"fixed","name":"F","size":2,"logicalType":"decimal","precision":4,"scale":1},"x-custom":1}]}
            """;
        var schema = (RecordSchema)AvroSchema.Parse(json);
        var reparsed = (RecordSchema)AvroSchema.Parse(schema.ToJson());
        Assert.Equal(schema.CanonicalForm, reparsed.CanonicalForm);
        Assert.Equal("a record", reparsed.Doc);
        Assert.Equal("field a", reparsed.Fields[0].Doc);
        Assert.True(reparsed.Fields[0].HasDefault);
        Assert.Equal("X", ((EnumSchema)reparsed.Fields[1].Schema).Default);
        Assert.Equal("n.s.Old", reparsed.Aliases[0].FullName);
        Assert.Equal(LogicalTypeKind.Decimal, ((FixedSchema)reparsed.Fields[3].Schema).LogicalKind);
        Assert.True(reparsed.Fields[3].Properties.ContainsKey("x-custom"));
    }

    [Theory]
    [InlineData("{\"type\":\"record\",\"name\":\"1bad\",\"fields\":[]}")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"a\",\"type\":\"int\"}]}")]
    [InlineData("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"A\"]}")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"Unknown\"}]}")]
    [InlineData("[\"int\",\"int\"]")]
    [InlineData("[\"null\",[\"int\"]]")]
    [InlineData("{\"type\":\"fixed\",\"name\":\"F\",\"size\":-1}")]
    [InlineData("{\"type\":\"record\",\"name\":\"R\"}")]
    [InlineData("{\"type\":\"array\"}")]
    [InlineData("\"strin\"")]
    [InlineData("{not json")]
    [InlineData("[{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]},{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"B\"]}]")]
    public void Invalid_schemas_are_rejected_with_a_parse_exception(string json)
    {
        Assert.Throws<AvroSchemaParseException>(() => AvroSchema.Parse(json));
    }

    [Fact]
    public void Names_inherit_the_enclosing_namespace_and_references_resolve()
    {
        var schema = (RecordSchema)AvroSchema.Parse("""
            {"type":"record","name":"Outer","namespace":"a.b","fields":[
              {"name":"inner","type":{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"}]}},
              {"name":"again","type":"Inner"},
              {"name":"other","type":{"type":"enum","name":"c.E","symbols":["A"]}},
              {"name":"otherAgain","type":"c.E"}]}
            """);
        Assert.Equal("a.b.Inner", ((RecordSchema)schema.Fields[0].Schema).FullName);
        Assert.Same(schema.Fields[0].Schema, schema.Fields[1].Schema);
        Assert.Equal("c.E", ((EnumSchema)schema.Fields[2].Schema).FullName);
        Assert.Same(schema.Fields[2].Schema, schema.Fields[3].Schema);
    }

    [Fact]
    public void Invalid_logical_types_are_ignored_as_the_specification_requires()
    {
        var bad = (PrimitiveSchema)AvroSchema.Parse("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":2,\"scale\":3}");
        Assert.Equal(LogicalTypeKind.None, bad.LogicalKind);
        var wrongUnderlying = (PrimitiveSchema)AvroSchema.Parse("{\"type\":\"int\",\"logicalType\":\"timestamp-millis\"}");
        Assert.Equal(LogicalTypeKind.None, wrongUnderlying.LogicalKind);
    }
}
