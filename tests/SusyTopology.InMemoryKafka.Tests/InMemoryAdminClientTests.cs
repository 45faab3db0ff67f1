using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using static SusyTopology.InMemoryKafka.Tests.TestMessages;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>The admin requests Streamiz makes (metadata, topic creation, record deletion), checked on the double.</summary>
public sealed class InMemoryAdminClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    [Fact]
    public void MetadataListsExistingTopicsAndLeavesUnknownOnesOut()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("a", 3);
        cluster.CreateTopic("b", 1);
        using var admin = new InMemoryKafkaSupplier(cluster, "p").GetAdmin(new AdminClientConfig());

        Assert.Equal(["a", "b"], admin.GetMetadata(Timeout).Topics.Select(t => t.Topic));
        Assert.Equal([0, 1, 2], admin.GetMetadata("a", Timeout).Topics.Single().Partitions.Select(p => p.PartitionId));
        Assert.Empty(admin.GetMetadata("unknown", Timeout).Topics);
        Assert.False(cluster.TopicExists("unknown"));
    }

    [Fact]
    public async Task CreateTopicsCreatesMissingTopicsAndRefusesExistingOnes()
    {
        var cluster = new InMemoryKafkaCluster { DefaultPartitions = 4 };
        cluster.CreateTopic("existing", 1);
        using var admin = new InMemoryKafkaSupplier(cluster, "p").GetAdmin(new AdminClientConfig());

        await admin.CreateTopicsAsync([
            new TopicSpecification { Name = "sized", NumPartitions = 3 },
            new TopicSpecification { Name = "defaulted", NumPartitions = -1 },
        ]);
        var refused = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            admin.CreateTopicsAsync([new TopicSpecification { Name = "existing", NumPartitions = 2 }]));

        Assert.Equal(3, cluster.PartitionCount("sized"));
        Assert.Equal(4, cluster.PartitionCount("defaulted"));
        Assert.Equal(ErrorCode.TopicAlreadyExists, refused.Results.Single().Error.Code);
        Assert.Equal(1, cluster.PartitionCount("existing"));
    }

    [Fact]
    public async Task DeleteRecordsTruncatesTheLogBeforeTheGivenOffset()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("t", 1);
        var process = new InMemoryKafkaSupplier(cluster, "p");
        var producer = process.GetProducer(new ProducerConfig());
        foreach (var value in new[] { "v0", "v1", "v2", "v3", "v4" }) producer.Produce("t", Msg("k", value));
        using var admin = process.GetAdmin(new AdminClientConfig());
        var partition = new TopicPartition("t", 0);

        var deleted = await admin.DeleteRecordsAsync([new TopicPartitionOffset(partition, 3)]);
        var pastTheEnd = await Assert.ThrowsAsync<DeleteRecordsException>(() =>
            admin.DeleteRecordsAsync([new TopicPartitionOffset(partition, 6)]));

        Assert.Equal(3, deleted.Single().Offset.Value);
        Assert.Equal(ErrorCode.OffsetOutOfRange, pastTheEnd.Results.Single().Error.Code);
        Assert.Equal(["v3", "v4"], cluster.Read("t").Select(e => Encoding.UTF8.GetString(e.Value!)));
        var fromTheStart = process.GetConsumer(Reader(IsolationLevel.ReadCommitted), NoListener.Instance);
        fromTheStart.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        Assert.Equal(["v3", "v4"], Drain(fromTheStart));
        var watermarks = fromTheStart.QueryWatermarkOffsets(partition, Timeout);
        Assert.Equal((3L, 5L), (watermarks.Low.Value, watermarks.High.Value));
        // A position below the log start offset is out of range: auto.offset.reset (earliest here) applies.
        var belowTheStart = process.GetConsumer(Reader(IsolationLevel.ReadCommitted), NoListener.Instance);
        belowTheStart.Assign(new TopicPartitionOffset(partition, 1));
        Assert.Equal(["v3", "v4"], Drain(belowTheStart));
    }

    [Fact]
    public void TheAdminClientOfACrashedProcessFailsAndADisposedOneRefusesRequests()
    {
        var cluster = new InMemoryKafkaCluster();
        var process = new InMemoryKafkaSupplier(cluster, "p");
        var crashed = process.GetAdmin(new AdminClientConfig());
        var disposed = new InMemoryKafkaSupplier(cluster, "q").GetAdmin(new AdminClientConfig());

        process.Crash();
        disposed.Dispose();

        Assert.Throws<SimulatedCrashException>(() => crashed.GetMetadata(Timeout));
        Assert.Throws<ObjectDisposedException>(() => disposed.GetMetadata(Timeout));
    }
}
