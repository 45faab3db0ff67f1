namespace SusyTopology.Avro;

/// <summary>
/// Bytes that cannot be decoded with the writer schema: truncated input, an invalid union branch, a negative or
/// oversized length, an over-long varint, invalid UTF-8. <see cref="Offset"/> is the byte offset in the Avro body
/// (or wire-format message) where decoding failed and <see cref="FieldPath"/> names the field being read, when known.
/// </summary>
public sealed class AvroDecodingException : AvroException
{
    public AvroDecodingException(string reason, long offset, string? fieldPath = null, Exception? inner = null)
        : base(Describe(reason, offset, fieldPath), inner)
    {
        Reason = reason;
        Offset = offset;
        FieldPath = fieldPath;
    }

    /// <summary>What went wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>Byte offset at which decoding failed.</summary>
    public long Offset { get; }

    /// <summary>Dotted path of the field being decoded (e.g. <c>SusyEvent.label</c>), or null when unknown.</summary>
    public string? FieldPath { get; }

    /// <summary>The same error with the enclosing field prefixed to <see cref="FieldPath"/>.</summary>
    public AvroDecodingException InField(string field) =>
        new(Reason, Offset, FieldPath is null ? field : field + "." + FieldPath, InnerException);

    /// <summary>The same error with its offset shifted, for a body embedded in a larger message.</summary>
    public AvroDecodingException AtBase(long baseOffset) =>
        new(Reason, Offset + baseOffset, FieldPath, InnerException);

    private static string Describe(string reason, long offset, string? fieldPath) =>
        fieldPath is null ? $"{reason} (at byte offset {offset})" : $"{reason} (field '{fieldPath}', at byte offset {offset})";
}
