namespace SusyTopology.App.Commands;

/// <summary>Hosts the development Schema Registry beside the embedded cluster.</summary>
internal sealed class DevRegistryHost : IAsyncDisposable
{
    public string? Url { get; private init; }

    public static Task<DevRegistryHost> StartAsync(int port, CancellationToken ct) =>
        Task.FromResult(new DevRegistryHost()); // replaced by the real registry when SusyTopology.Avro.DevRegistry lands

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
