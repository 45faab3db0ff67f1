using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using SusyTopology.App.Running;

namespace SusyTopology.App.Tests.Running;

public class BoundedPurgeAdminClientTests
{
    [Fact]
    public async Task A_purge_that_gets_no_answer_fails_after_the_bound_instead_of_holding_the_close()
    {
        // A listener that accepts and never answers: the purge's metadata request waits for good.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var inner = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}" }).Build();
        var admin = BoundedPurgeAdminClient.Wrap(inner, TimeSpan.FromSeconds(1));
        Assert.Equal(inner.Name, admin.Name); // everything else is the real client

        var offsets = new[] { new TopicPartitionOffset("susy-topology-train-repartition", 0, 10) };
        var unbounded = inner.DeleteRecordsAsync(offsets);
        var bounded = admin.DeleteRecordsAsync(offsets);
        await Assert.ThrowsAsync<TimeoutException>(() => bounded);
        await Task.Delay(1000);
        Assert.False(unbounded.IsCompleted, "the purge without the bound finished: this test shows nothing");
    }
}
