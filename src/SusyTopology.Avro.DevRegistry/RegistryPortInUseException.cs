namespace SusyTopology.Avro.DevRegistry;

/// <summary>The port the development Schema Registry was asked to listen on is taken (often by another stack's registry).</summary>
public sealed class RegistryPortInUseException(string host, int port, Exception inner)
    : IOException($"{host}:{port} is already in use (another Schema Registry, or `susy cluster` of another checkout?). " +
                  "Pick another port with --schema-registry-port, or 0 for any free one.", inner)
{
    public int Port { get; } = port;
}
