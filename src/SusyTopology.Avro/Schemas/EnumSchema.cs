using System.Text.Json.Nodes;

namespace SusyTopology.Avro.Schemas;

/// <summary>An enum: ordered symbols and an optional default symbol used when resolving unknown writer symbols.</summary>
public sealed class EnumSchema : NamedSchema
{
    private readonly Dictionary<string, int> _ordinals;

    public EnumSchema(SchemaName name, IReadOnlyList<string> symbols, string? defaultSymbol = null, string? doc = null,
        IReadOnlyList<SchemaName>? aliases = null, IReadOnlyDictionary<string, JsonNode?>? properties = null)
        : base(SchemaType.Enum, name, doc, aliases, properties)
    {
        Symbols = symbols;
        _ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < symbols.Count; i++)
        {
            if (!SchemaParser.IsValidName(symbols[i]))
                throw new AvroSchemaParseException($"enum {name.FullName}: invalid symbol '{symbols[i]}'");
            if (!_ordinals.TryAdd(symbols[i], i))
                throw new AvroSchemaParseException($"enum {name.FullName}: duplicate symbol '{symbols[i]}'");
        }
        if (defaultSymbol is not null && !_ordinals.ContainsKey(defaultSymbol))
            throw new AvroSchemaParseException($"enum {name.FullName}: default '{defaultSymbol}' is not a symbol");
        Default = defaultSymbol;
    }

    public IReadOnlyList<string> Symbols { get; }

    public string? Default { get; }

    /// <summary>The symbol's ordinal, or -1.</summary>
    public int Ordinal(string symbol) => _ordinals.TryGetValue(symbol, out var i) ? i : -1;
}
