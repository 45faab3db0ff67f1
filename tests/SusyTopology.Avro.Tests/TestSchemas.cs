using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Tests;

/// <summary>Schemas shared by several test classes.</summary>
public static class TestSchemas
{
    /// <summary>A record using every Avro type and every supported logical type.</summary>
    public const string KitchenSinkJson = """
        {"type":"record","name":"KitchenSink","namespace":"test.avro","fields":[
          {"name":"n","type":"null"},
          {"name":"b","type":"boolean"},
          {"name":"i","type":"int"},
          {"name":"l","type":"long"},
          {"name":"f","type":"float"},
          {"name":"d","type":"double"},
          {"name":"by","type":"bytes"},
          {"name":"s","type":"string"},
          {"name":"e","type":{"type":"enum","name":"Color","symbols":["RED","GREEN","BLUE"]}},
          {"name":"fx","type":{"type":"fixed","name":"Four","size":4}},
          {"name":"arr","type":{"type":"array","items":"long"}},
          {"name":"m","type":{"type":"map","values":"string"}},
          {"name":"u","type":["null","string","double","Color"]},
          {"name":"nested","type":{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"},{"name":"tags","type":{"type":"array","items":"string"}}]}},
          {"name":"inners","type":{"type":"array","items":"Inner"}},
          {"name":"ts_ms","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"ts_us","type":{"type":"long","logicalType":"timestamp-micros"}},
          {"name":"date","type":{"type":"int","logicalType":"date"}},
          {"name":"uuid","type":{"type":"string","logicalType":"uuid"}},
          {"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":20,"scale":4}},
          {"name":"dec_fixed","type":{"type":"fixed","name":"DecFixed","size":8,"logicalType":"decimal","precision":10,"scale":2}}
        ]}
        """;

    public static RecordSchema KitchenSink { get; } = (RecordSchema)AvroSchema.Parse(KitchenSinkJson);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SchemaPath(string name) => Path.Combine(RepoRoot, "schemas", name + ".avsc");

    public static RecordSchema LoadProjectSchema(string name) => (RecordSchema)AvroSchema.Parse(File.ReadAllText(SchemaPath(name)));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SusyTopology.sln")))
                return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
