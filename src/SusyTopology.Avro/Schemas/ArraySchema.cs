using System.Text.Json.Nodes;

namespace SusyTopology.Avro.Schemas;

public sealed class ArraySchema(AvroSchema items, IReadOnlyDictionary<string, JsonNode?>? properties = null)
    : AvroSchema(SchemaType.Array, properties)
{
    public AvroSchema Items { get; } = items;
}
