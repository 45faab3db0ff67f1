using System.Text.Json.Nodes;
using SusyTopology.Avro.Generic;
using SusyTopology.Avro.Schemas;
using SusyTopology.Avro.Tests.Generated;
using SusyTopology.Events;

namespace SusyTopology.Avro.Tests.Interop;

/// <summary>Cross-checks against Apache Avro's Python implementation, in both directions.</summary>
public class PythonAvroInteropTests
{
    private static JsonArray Hex(IEnumerable<byte[]> items) => new(items.Select(b => (JsonNode?)Convert.ToHexStringLower(b)).ToArray());

    /// <summary>Python decodes what we encoded; its values and its re-encoding must equal ours.</summary>
    private static void AssertPythonReads(AvroSchema writer, AvroSchema reader, IReadOnlyList<object?> values)
    {
        var encoded = values.Select(v => GenericDatumWriter.Encode(writer, v)).ToList();
        var answer = PythonAvro.Run(new JsonObject
        {
            ["op"] = "decode",
            ["writer"] = writer.ToJson(),
            ["reader"] = reader.ToJson(),
            ["items"] = Hex(encoded),
        });
        var resolver = new GenericDatumReader(writer, reader);
        for (var i = 0; i < values.Count; i++)
        {
            var ours = resolver.Read(encoded[i]);
            Assert.Equal(InteropJson.Normalize(InteropJson.From(reader, ours)), InteropJson.Normalize(answer["values"]![i]));
            Assert.Equal(Convert.ToHexStringLower(GenericDatumWriter.Encode(reader, ours)), (string)answer["reencoded"]![i]!);
        }
    }

    /// <summary>We decode what Python encoded (with schema resolution when reader ≠ writer) and agree with Python's own reading.</summary>
    private static void AssertWeRead(AvroSchema writer, AvroSchema reader, int count, int seed)
    {
        var generated = PythonAvro.Run(new JsonObject { ["op"] = "generate", ["schema"] = writer.ToJson(), ["count"] = count, ["seed"] = seed })["items"]!.AsArray();
        var bytes = generated.Select(item => Convert.FromHexString((string)item!["hex"]!)).ToList();
        var pythonResolved = PythonAvro.Run(new JsonObject { ["op"] = "decode", ["writer"] = writer.ToJson(), ["reader"] = reader.ToJson(), ["items"] = Hex(bytes) });
        var plain = new GenericDatumReader(writer);
        var resolving = new GenericDatumReader(writer, reader);
        for (var i = 0; i < bytes.Count; i++)
        {
            var asWritten = plain.Read(bytes[i]);
            Assert.Equal(InteropJson.Normalize(generated[i]!["value"]), InteropJson.Normalize(InteropJson.From(writer, asWritten)));
            Assert.Equal(bytes[i], GenericDatumWriter.Encode(writer, asWritten));
            var resolved = resolving.Read(bytes[i]);
            Assert.Equal(InteropJson.Normalize(pythonResolved["values"]![i]), InteropJson.Normalize(InteropJson.From(reader, resolved)));
        }
    }

    [PythonAvroFact]
    public void Python_reads_randomized_records_of_every_type_that_we_write()
    {
        var random = new RandomValues(seed: 2026);
        var values = Enumerable.Range(0, 150).Select(_ => random.For(TestSchemas.KitchenSink)).ToList();
        AssertPythonReads(TestSchemas.KitchenSink, TestSchemas.KitchenSink, values);
    }

    [PythonAvroFact]
    public void We_read_randomized_records_of_every_type_that_python_writes()
    {
        AssertWeRead(TestSchemas.KitchenSink, TestSchemas.KitchenSink, count: 150, seed: 11);
    }

    [PythonAvroFact]
    public void Susy_events_from_the_real_sample_cross_both_ways_on_the_generated_path()
    {
        var events = SampleEvents.Load(300);
        var schema = SusyEvent.AvroRecordSchema;
        AssertPythonReads(schema, schema, events.Select(e => (object?)e.ToGenericRecord()).ToList());

        var generated = PythonAvro.Run(new JsonObject { ["op"] = "generate", ["schema"] = schema.ToJson(), ["count"] = 200, ["seed"] = 5 })["items"]!.AsArray();
        foreach (var item in generated)
        {
            var bytes = Convert.FromHexString((string)item!["hex"]!);
            var decoded = SusyEvent.FromAvroBytes(bytes);
            Assert.Equal(InteropJson.Normalize(item["value"]), InteropJson.Normalize(InteropJson.From(schema, decoded.ToGenericRecord())));
            Assert.Equal(bytes, decoded.ToAvroBytes());
        }
    }

    [PythonAvroFact]
    public void Project_schemas_and_generated_types_cross_both_ways()
    {
        foreach (var name in new[] { "Prediction", "AccuracyReport", "ModelSnapshot" })
        {
            var schema = TestSchemas.LoadProjectSchema(name);
            AssertWeRead(schema, schema, count: 50, seed: name.Length);
            var random = new RandomValues(name.Length);
            AssertPythonReads(schema, schema, Enumerable.Range(0, 50).Select(_ => random.For(schema)).ToList());
        }
        AssertWeRead(AllTypes.AvroRecordSchema, AllTypes.AvroRecordSchema, count: 50, seed: 3);
        AssertPythonReads(AllTypes.AvroRecordSchema, AllTypes.AvroRecordSchema, [GeneratedClassTests.SampleAllTypes().ToGenericRecord()]);
    }

    [PythonAvroFact]
    public void Canonical_forms_equal_python_avro()
    {
        var schemas = new[] { TestSchemas.KitchenSink, SusyEvent.AvroRecordSchema, Prediction.AvroRecordSchema, AccuracyReport.AvroRecordSchema, ModelSnapshot.AvroRecordSchema, AllTypes.AvroRecordSchema };
        var answer = PythonAvro.Run(new JsonObject { ["op"] = "canonical", ["schemas"] = new JsonArray(schemas.Select(s => (JsonNode?)s.ToJson()).ToArray()) });
        for (var i = 0; i < schemas.Length; i++)
        {
            // python3-avro 1.11.1 leaves a primitive that carries a logical type as {"type":"long"} where the
            // specification's [PRIMITIVES] rule asks for "long"; that one known deviation is normalized here.
            var python = System.Text.RegularExpressions.Regex.Replace((string)answer["canonical"]![i]!,
                "\\{\"type\":\"(null|boolean|int|long|float|double|bytes|string)\"\\}", "\"$1\"");
            Assert.Equal(schemas[i].CanonicalForm, python);
        }
    }

    /// <summary>
    /// Writer/reader pairs both implementations resolve. python3-avro 1.11 lacks string↔bytes promotion, promotion inside array/map items and field
    /// aliases, so those rules are checked in SchemaResolutionTests only.
    /// </summary>
    public static TheoryData<string, string> EvolutionPairs => new()
    {
        // writer, reader
        { """{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}""",
          """{"type":"record","name":"R","fields":[{"name":"a","type":"long"},{"name":"b","type":"string","default":"fresh"},{"name":"c","type":["null","double"],"default":null}]}""" },
        { """{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"gone","type":{"type":"array","items":{"type":"map","values":"string"}}},{"name":"b","type":"float"}]}""",
          """{"type":"record","name":"R","fields":[{"name":"b","type":"double"},{"name":"a","type":"float"}]}""" },
        { """{"type":"record","name":"R","fields":[{"name":"i","type":"int"},{"name":"l","type":"long"},{"name":"m","type":{"type":"map","values":"int"}}]}""",
          """{"type":"record","name":"R","fields":[{"name":"i","type":"double"},{"name":"l","type":"double"},{"name":"m","type":{"type":"map","values":"int"}}]}""" },
        { """{"type":"record","name":"R","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]}}]}""",
          """{"type":"record","name":"R","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["B","A","C"]}}]}""" },
        { """{"type":"record","name":"R","fields":[{"name":"u","type":"int"},{"name":"v","type":["null","string","int"]}]}""",
          """{"type":"record","name":"R","fields":[{"name":"u","type":["null","long"]},{"name":"v","type":["string","null","long"]}]}""" },
        { """{"type":"record","name":"R","fields":[{"name":"name","type":"string"},{"name":"inner","type":{"type":"record","name":"I","fields":[{"name":"x","type":"int"}]}}]}""",
          """{"type":"record","name":"R","fields":[{"name":"name","type":"string"},{"name":"inner","type":{"type":"record","name":"I","fields":[{"name":"x","type":"long"},{"name":"y","type":{"type":"record","name":"J","fields":[{"name":"z","type":"int"}]},"default":{"z":7}}]}}]}""" },
    };

    [PythonAvroTheory]
    [MemberData(nameof(EvolutionPairs))]
    public void Schema_evolution_agrees_with_python_in_both_directions(string writerJson, string readerJson)
    {
        var writer = AvroSchema.Parse(writerJson);
        var reader = AvroSchema.Parse(readerJson);
        AssertWeRead(writer, reader, count: 40, seed: writerJson.Length);
        var random = new RandomValues(readerJson.Length);
        AssertPythonReads(writer, reader, Enumerable.Range(0, 40).Select(_ => random.For(writer)).ToList());
    }
}
