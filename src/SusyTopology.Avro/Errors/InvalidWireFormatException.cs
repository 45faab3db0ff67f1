namespace SusyTopology.Avro;

/// <summary>A Kafka message that is not in the Confluent wire format (magic byte 0, 4-byte schema id, body).</summary>
public sealed class InvalidWireFormatException : AvroException
{
    public InvalidWireFormatException(string message) : base(message) { }
}
