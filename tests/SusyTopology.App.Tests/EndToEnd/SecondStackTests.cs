using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Confluent.SchemaRegistry;
using SusyTopology.App.Commands;
using SusyTopology.Kafka;

namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>`susy cluster` (what `make up` starts) while another stack already holds the registry's port.</summary>
[Collection(EmbeddedClusterCollection.Name)]
public sealed class SecondStackTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("susy-second-stack-").FullName;

    private string EnvFile => Path.Combine(_directory, "cluster.env");

    [Fact]
    public async Task A_taken_default_port_moves_the_registry_to_a_free_one_and_cluster_env_says_where()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 8081);
        try
        {
            holder.Start();
        }
        catch (SocketException)
        {
            // Something else holds 8081 already: the situation under test exists without us.
        }
        using var stop = new CancellationTokenSource();
        var run = new ClusterCommand().Build().Parse(["--env-file", EnvFile]).InvokeAsync(cancellationToken: stop.Token);
        try
        {
            var env = await WaitForEnvFile(run);
            var url = new Uri(env[ClusterEnvFile.SchemaRegistryKey]);
            Assert.NotEqual(8081, url.Port);
            using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = url.ToString() });
            Assert.Empty(await client.GetAllSubjectsAsync()); // the registry of this stack answers there
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }
    }

    [Fact]
    public async Task A_taken_port_asked_for_explicitly_fails_the_command_without_writing_cluster_env()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var exit = await new ClusterCommand().Build().Parse(["--env-file", EnvFile, "--schema-registry-port", port.ToString()]).InvokeAsync();
        Assert.Equal(1, exit);
        Assert.False(File.Exists(EnvFile));
    }

    private async Task<IReadOnlyDictionary<string, string>> WaitForEnvFile(Task<int> run)
    {
        for (var i = 0; i < 300 && !File.Exists(EnvFile); i++)
        {
            if (run.IsCompleted) Assert.Fail($"susy cluster exited with {await run} before writing {EnvFile}");
            await Task.Delay(100);
        }
        return ClusterEnvFile.Read(EnvFile);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
