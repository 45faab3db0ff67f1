namespace SusyTopology.Avro.SchemaRegistry;

/// <summary>
/// An error answered by a Schema Registry: <see cref="ErrorCode"/> is Confluent's code (40401 subject not found,
/// 40402 version not found, 40403 schema not found, 409 incompatible schema, 42201 invalid schema, 50001 …) and
/// <see cref="HttpStatusCode"/> the HTTP status that carried it (0 when the registry could not be reached).
/// </summary>
public sealed class SchemaRegistryException : AvroException
{
    public SchemaRegistryException(string message, int httpStatusCode, int errorCode, Exception? inner = null)
        : base($"{message} (HTTP {httpStatusCode}, error code {errorCode})", inner)
    {
        RegistryMessage = message;
        HttpStatusCode = httpStatusCode;
        ErrorCode = errorCode;
    }

    public string RegistryMessage { get; }

    public int HttpStatusCode { get; }

    public int ErrorCode { get; }
}
