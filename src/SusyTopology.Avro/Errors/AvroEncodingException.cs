namespace SusyTopology.Avro;

/// <summary>A value does not fit the schema it is being written with (wrong type, unknown enum symbol, …).</summary>
public sealed class AvroEncodingException : AvroException
{
    public AvroEncodingException(string message, string? fieldPath = null)
        : base(fieldPath is null ? message : $"{message} (field '{fieldPath}')")
    {
        FieldPath = fieldPath;
    }

    public string? FieldPath { get; }
}
