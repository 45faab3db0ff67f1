using Confluent.SchemaRegistry;
using SusyTopology.Avro.Serdes;

namespace SusyTopology.App.Serdes;

/// <summary>
/// Tells a record that cannot be decoded (the record's fault: dead-letter it) from a registry that cannot be reached
/// (nobody's record is at fault: fail), and words the reason a user reads in the dead-letter headers.
/// </summary>
public static class UndecodableRecord
{
    /// <summary>True when decoding <paramref name="value"/> failed because of the bytes themselves.</summary>
    public static bool IsRecordsFault(Exception e) =>
        e is SchemaRegistryException // the registry answered (it derives from HttpRequestException)
        || e is not (HttpRequestException or OperationCanceledException or OutOfMemoryException);

    public static string Reason(Exception e, ReadOnlySpan<byte> value) => e switch
    {
        SchemaRegistryException { ErrorCode: 40403 } when value.Length >= ConfluentWireFormat.HeaderSize =>
            $"unknown schema id {ConfluentWireFormat.ReadSchemaId(value)}: the Schema Registry has no such schema ({e.Message})",
        _ => e.Message,
    };
}
