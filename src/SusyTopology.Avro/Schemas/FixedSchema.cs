using System.Text.Json.Nodes;

namespace SusyTopology.Avro.Schemas;

/// <summary>A fixed-size byte sequence, possibly annotated as decimal (or, per 1.11, uuid is for strings only).</summary>
public sealed class FixedSchema : NamedSchema
{
    public FixedSchema(SchemaName name, int size, LogicalType? logicalType = null, string? doc = null,
        IReadOnlyList<SchemaName>? aliases = null, IReadOnlyDictionary<string, JsonNode?>? properties = null)
        : base(SchemaType.Fixed, name, doc, aliases, properties)
    {
        if (size < 0)
            throw new AvroSchemaParseException($"fixed {name.FullName}: negative size {size}");
        Size = size;
        LogicalType = logicalType;
    }

    public int Size { get; }

    public LogicalType? LogicalType { get; }

    public LogicalTypeKind LogicalKind => LogicalType?.Kind ?? LogicalTypeKind.None;
}
