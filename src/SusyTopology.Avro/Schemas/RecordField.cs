using System.Text.Json.Nodes;

namespace SusyTopology.Avro.Schemas;

/// <summary>Sort order of a record field (the specification's <c>order</c> attribute).</summary>
public enum FieldOrder
{
    Ascending,
    Descending,
    Ignore,
}

/// <summary>One field of a record schema.</summary>
public sealed class RecordField
{
    public RecordField(string name, AvroSchema schema, int position, string? doc = null, JsonNode? defaultValue = null,
        bool hasDefault = false, FieldOrder order = FieldOrder.Ascending, IReadOnlyList<string>? aliases = null,
        IReadOnlyDictionary<string, JsonNode?>? properties = null)
    {
        Name = name;
        Schema = schema;
        Position = position;
        Doc = doc;
        DefaultValue = defaultValue;
        HasDefault = hasDefault;
        Order = order;
        Aliases = aliases ?? [];
        Properties = properties ?? AvroSchema.EmptyProperties;
    }

    public string Name { get; }

    /// <summary>The field's schema.</summary>
    public AvroSchema Schema { get; }

    public int Position { get; }

    public string? Doc { get; }

    /// <summary>The default as JSON (a JSON null is a valid default for a null-first union, hence <see cref="HasDefault"/>).</summary>
    public JsonNode? DefaultValue { get; }

    public bool HasDefault { get; }

    public FieldOrder Order { get; }

    public IReadOnlyList<string> Aliases { get; }

    public IReadOnlyDictionary<string, JsonNode?> Properties { get; }
}
