namespace SusyTopology.Avro;

/// <summary>
/// Base of every error this library raises, so a consumer can route any bad record (to a dead-letter topic, say)
/// with one catch clause and still read the precise reason from the subclass.
/// </summary>
public class AvroException : Exception
{
    public AvroException(string message) : base(message) { }

    public AvroException(string message, Exception? inner) : base(message, inner) { }
}
