using Confluent.Kafka;
using SusyTopology.Kafka.Embedded;
using SusyTopology.Kafka.Embedded.Faults;

namespace SusyTopology.Kafka.Tests.Faults;

public class FaultInjectorTests
{
    [Fact]
    public async Task Applies_each_fault_at_its_time_and_lifts_them_all_at_the_end()
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Brokers = 3, Topics = { ["t"] = 2 } });
        var schedule = FaultSchedule.Parse("0s errors Metadata REQUEST_TIMED_OUT*1000; 100ms leader t 3; 150ms coordinator g 2; 200ms broker-down 2 300ms");
        var reported = new List<InjectedFault>();
        var applied = await new FaultInjector(cluster, schedule, TimeProvider.System).RunAsync(reported.Add);

        Assert.Equal(reported, applied);
        Assert.Equal(
        [
            "next 1000 Metadata request(s) fail with REQUEST_TIMED_OUT*1000",
            "leaders of every t partition move to broker 3",
            "coordinator of group g moves to broker 2",
            "broker 2 down for 0.3 s",
            "broker 2 up",
            "lift: queued request errors cleared, every broker up",
        ], applied.Select(f => f.What));
        Assert.InRange(applied[4].At, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
        Assert.True(applied.Zip(applied.Skip(1)).All(p => p.First.At <= p.Second.At));

        // The 1,000 Metadata errors were cleared unserved and broker 2 is back: metadata answers, with the new leaders.
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        var metadata = admin.GetMetadata("t", TimeSpan.FromSeconds(10));
        Assert.All(metadata.Topics.Single().Partitions, p => Assert.Equal(3, p.Leader));
    }

    [Fact]
    public async Task Pushed_errors_reach_the_next_requests_of_their_API()
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Brokers = 1, Topics = { ["t"] = 1 } });
        // Not lifted before the assertion: the schedule's lift would clear what the client has not met yet.
        using var stop = new CancellationTokenSource();
        var run = new FaultInjector(cluster, FaultSchedule.Parse("0s errors Metadata REQUEST_TIMED_OUT*1000; 60s lift"), TimeProvider.System)
            .RunAsync(ct: stop.Token);
        await Task.Delay(200);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        var e = Assert.ThrowsAny<KafkaException>(() => admin.GetMetadata("t", TimeSpan.FromSeconds(2)));
        Assert.Equal(ErrorCode.RequestTimedOut, e.Error.Code);
        Assert.False(run.IsCompleted);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Theory]
    [InlineData("1s broker-down 4 1s", "takes broker 4 down; the cluster has 3")]
    [InlineData("1s leader t 4", "moves leaders to broker 4")]
    [InlineData("1s coordinator g 5", "moves a coordinator to broker 5")]
    [InlineData("1s leader u 1", "leader of u, which the cluster does not have")]
    [InlineData("1s leader t/2 1", "leader of t[2], which")]
    public void A_schedule_that_does_not_fit_the_cluster_is_refused(string text, string message)
    {
        using var cluster = EmbeddedKafkaCluster.Start(new EmbeddedKafkaOptions { Brokers = 3, Topics = { ["t"] = 2 } });
        var e = Assert.Throws<ArgumentException>(() => new FaultInjector(cluster, FaultSchedule.Parse(text), TimeProvider.System));
        Assert.Contains(message, e.Message);
    }
}
