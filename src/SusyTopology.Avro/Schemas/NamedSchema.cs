using System.Text.Json.Nodes;

namespace SusyTopology.Avro.Schemas;

/// <summary>record, enum or fixed: a type with a full name, aliases and optionally a doc.</summary>
public abstract class NamedSchema : AvroSchema
{
    private protected NamedSchema(SchemaType type, SchemaName name, string? doc, IReadOnlyList<SchemaName>? aliases,
        IReadOnlyDictionary<string, JsonNode?>? properties)
        : base(type, properties)
    {
        SchemaName = name;
        Doc = doc;
        Aliases = aliases ?? [];
    }

    public SchemaName SchemaName { get; }

    public string Name => SchemaName.Name;

    public string Namespace => SchemaName.Namespace;

    public string FullName => SchemaName.FullName;

    public string? Doc { get; }

    public IReadOnlyList<SchemaName> Aliases { get; }

    /// <summary>True when <paramref name="writerFullName"/> is this type's full name or one of its aliases.</summary>
    public bool MatchesName(NamedSchema writer)
    {
        if (writer.FullName == FullName || writer.Name == Name)
            return true;
        foreach (var alias in Aliases)
            if (alias.FullName == writer.FullName || alias.Name == writer.Name)
                return true;
        return false;
    }
}
