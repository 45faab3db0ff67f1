using System.Text.Json.Nodes;

namespace SusyTopology.Avro.Schemas;

/// <summary>
/// A record. Fields are attached after construction (<see cref="SetFields"/>, called once by the parser) because a
/// record's fields may refer to the record itself.
/// </summary>
public sealed class RecordSchema : NamedSchema
{
    private IReadOnlyList<RecordField>? _fields;
    private Dictionary<string, RecordField>? _byName;

    public RecordSchema(SchemaName name, string? doc = null, IReadOnlyList<SchemaName>? aliases = null,
        IReadOnlyDictionary<string, JsonNode?>? properties = null)
        : base(SchemaType.Record, name, doc, aliases, properties)
    {
    }

    public IReadOnlyList<RecordField> Fields => _fields ?? throw new InvalidOperationException($"record {FullName} has no fields yet");

    public void SetFields(IReadOnlyList<RecordField> fields)
    {
        if (_fields is not null)
            throw new InvalidOperationException($"fields of record {FullName} are already set");
        var byName = new Dictionary<string, RecordField>(StringComparer.Ordinal);
        foreach (var field in fields)
            if (!byName.TryAdd(field.Name, field))
                throw new AvroSchemaParseException($"record {FullName} has two fields named '{field.Name}'");
        _byName = byName;
        _fields = fields;
    }

    public RecordField? GetField(string name) =>
        _byName is not null && _byName.TryGetValue(name, out var field) ? field : null;
}
