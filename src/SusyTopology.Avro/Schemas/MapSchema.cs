using System.Text.Json.Nodes;

namespace SusyTopology.Avro.Schemas;

/// <summary>A map from strings to values of one schema.</summary>
public sealed class MapSchema(AvroSchema values, IReadOnlyDictionary<string, JsonNode?>? properties = null)
    : AvroSchema(SchemaType.Map, properties)
{
    public AvroSchema Values { get; } = values;
}
