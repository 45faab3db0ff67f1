using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Generic;

/// <summary>An enum value: its schema and symbol.</summary>
public sealed record GenericEnum
{
    public GenericEnum(EnumSchema schema, string symbol)
    {
        if (schema.Ordinal(symbol) < 0)
            throw new AvroEncodingException($"'{symbol}' is not a symbol of enum {schema.FullName}");
        Schema = schema;
        Symbol = symbol;
    }

    public EnumSchema Schema { get; }

    public string Symbol { get; }

    public int Ordinal => Schema.Ordinal(Symbol);

    public override string ToString() => Symbol;
}
