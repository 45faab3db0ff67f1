namespace SusyTopology.Avro;

/// <summary>A schema's JSON is malformed or violates the Avro specification (bad name, duplicate symbol, …).</summary>
public sealed class AvroSchemaParseException : AvroException
{
    public AvroSchemaParseException(string message) : base(message) { }

    public AvroSchemaParseException(string message, Exception? inner) : base(message, inner) { }
}
