namespace SusyTopology.Avro.DevRegistry;

/// <summary>
/// An error the development registry answers with: <see cref="ErrorCode"/> is Confluent's code (40401 subject not found,
/// 40402 version not found, 40403 schema not found, 409 incompatible schema, 42201 invalid schema, 50001 …) and
/// <see cref="HttpStatusCode"/> the HTTP status that carries it.
/// </summary>
public sealed class RegistryErrorException : AvroException
{
    public RegistryErrorException(string message, int httpStatusCode, int errorCode, Exception? inner = null)
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
