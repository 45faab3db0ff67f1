using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>
/// A poll returns by its deadline however the clock moves while it waits. The clock here jumps on every reading, as a
/// descheduled thread on a busy machine sees it: a deadline that is still ahead when checked is behind a moment later.
/// </summary>
public sealed class ConsumerDeadlineTests
{
    [Theory]
    [InlineData(10.0)]
    [InlineData(10.5)]
    [InlineData(11.0)]
    [InlineData(11.5)]
    [InlineData(12.0)]
    [InlineData(12.5)]
    [InlineData(13.0)]
    [InlineData(13.5)]
    [InlineData(14.0)]
    [InlineData(14.5)]
    public async Task A_member_waiting_for_its_group_returns_at_the_deadline(double timeoutMs)
    {
        var clock = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1.5) };
        // An hour's initial rebalance delay keeps the group forming for the whole poll.
        var cluster = new InMemoryKafkaCluster { InitialRebalanceDelay = TimeSpan.FromHours(1) };
        cluster.CreateTopic("t", 1);
        using var consumer = new InMemoryKafkaSupplier(cluster, "p") { Time = clock }
            .GetConsumer(new ConsumerConfig { GroupId = "g", ClientId = "c" }, NoListener.Instance);
        consumer.Subscribe("t");

        var poll = Task.Run(() => consumer.Consume(TimeSpan.FromMilliseconds(timeoutMs)));

        var result = await poll.WaitAsync(TimeSpan.FromSeconds(10)); // a TimeoutException if the poll never returns
        Assert.Null(result);
        Assert.Empty(consumer.Assignment);
    }
}
