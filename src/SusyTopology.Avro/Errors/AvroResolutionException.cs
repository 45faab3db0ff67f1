namespace SusyTopology.Avro;

/// <summary>
/// Data written with one schema cannot be read with another under the specification's resolution rules
/// (e.g. a reader field without default that the writer lacks, a writer enum symbol the reader does not know).
/// </summary>
public sealed class AvroResolutionException : AvroException
{
    public AvroResolutionException(string message) : base(message) { }
}
