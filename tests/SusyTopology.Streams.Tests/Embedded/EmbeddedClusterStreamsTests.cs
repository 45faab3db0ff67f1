using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Runtime;

namespace SusyTopology.Streams.Tests.Embedded;

/// <summary>The runtime against librdkafka on the embedded mock cluster: group sharing, faults, restoration, EOS calls.</summary>
public sealed class EmbeddedClusterStreamsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static Topology Passthrough(string input, string output)
    {
        var builder = new StreamsBuilder();
        builder.Stream(input, Consumed.With(Serdes.ByteArray(), Serdes.ByteArray()))
            .To(output, Produced.With(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.Build();
    }

    private static bool AllSeen(Dictionary<string, int> seen, int count) =>
        seen.Count >= count && Enumerable.Range(0, count).All(i => seen.ContainsKey($"v{i}"));

    [Fact]
    public void TwoInstancesShareEightPartitionsAndNoRecordIsLostWhenOneStops()
    {
        const int records = 20_000;
        using var harness = new EmbeddedStreamsHarness(1, new Dictionary<string, int> { ["in"] = 8, ["out"] = 8 });
        var first = harness.Start(Passthrough("in", "out"), harness.Config("share", ProcessingGuarantee.AtLeastOnce, "a"));
        var second = harness.Start(Passthrough("in", "out"), harness.Config("share", ProcessingGuarantee.AtLeastOnce, "b"));
        EmbeddedStreamsHarness.WaitUntil(() => first.State == KafkaStreamsState.Running && second.State == KafkaStreamsState.Running,
            Patience, "both instances running");
        var firstTasks = first.LocalThreadsMetadata().SelectMany(t => t.ActiveTasks).ToList();
        var secondTasks = second.LocalThreadsMetadata().SelectMany(t => t.ActiveTasks).ToList();
        Assert.NotEmpty(firstTasks);
        Assert.NotEmpty(secondTasks);
        Assert.Equal(8, firstTasks.Concat(secondTasks).Distinct().Count());
        using (var producer = harness.NewProducer())
        {
            EmbeddedStreamsHarness.Produce(producer, "in", 0, records / 2);
            producer.Flush(Patience);
            Assert.True(first.Close(TimeSpan.FromSeconds(30)));
            EmbeddedStreamsHarness.Produce(producer, "in", records / 2, records);
            producer.Flush(Patience);
        }

        var seen = harness.ReadValues("out", 8, s => AllSeen(s, records), Patience);

        Assert.True(AllSeen(seen, records), $"{records - seen.Count} records missing");
        Assert.Equal(KafkaStreamsState.NotRunning, first.State);
        Assert.Equal(KafkaStreamsState.Running, second.State);
    }

    [Fact]
    public void AtLeastOnceLosesNothingOfTwoHundredThousandRecordsThroughBrokerFaults()
    {
        const int records = 200_000;
        using var harness = new EmbeddedStreamsHarness(3, new Dictionary<string, int> { ["in"] = 8, ["out"] = 8 });
        var streams = harness.Start(Passthrough("in", "out"), harness.Config("faults", ProcessingGuarantee.AtLeastOnce, "a"));
        using (var producer = harness.NewProducer())
        {
            const int step = records / 5;
            EmbeddedStreamsHarness.Produce(producer, "in", 0, step);
            // Produce, Fetch and OffsetCommit requests fail now and then (API keys 0, 1 and 8).
            harness.Cluster.PushRequestErrors(0, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut);
            harness.Cluster.PushRequestErrors(1, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut);
            harness.Cluster.PushRequestErrors(8, ErrorCode.RequestTimedOut);
            EmbeddedStreamsHarness.Produce(producer, "in", step, 2 * step);
            for (var p = 0; p < 8; p++)
            {
                harness.Cluster.SetPartitionLeader("in", p, 1 + (p + 1) % 3);
                harness.Cluster.SetPartitionLeader("out", p, 1 + (p + 2) % 3);
            }
            EmbeddedStreamsHarness.Produce(producer, "in", 2 * step, 3 * step);
            harness.Cluster.SetBrokerDown(2);
            EmbeddedStreamsHarness.Produce(producer, "in", 3 * step, 4 * step);
            Thread.Sleep(1000);
            harness.Cluster.SetBrokerUp(2);
            EmbeddedStreamsHarness.Produce(producer, "in", 4 * step, records);
            Assert.Equal(0, producer.Flush(Patience));
        }

        var seen = harness.ReadValues("out", 8, s => AllSeen(s, records) || streams.State == KafkaStreamsState.Error,
            TimeSpan.FromSeconds(120));

        Assert.True(AllSeen(seen, records), $"{records - seen.Count} of {records} records missing");
        Assert.NotEqual(KafkaStreamsState.Error, streams.State);
    }

    [Fact]
    public void ExactlyOnceV2RunsOnTheEmbeddedClusterAndLosesNothing()
    {
        const int records = 20_000;
        using var harness = new EmbeddedStreamsHarness(1, new Dictionary<string, int> { ["in"] = 8, ["out"] = 8 });
        var streams = harness.Start(Passthrough("in", "out"), harness.Config("eos", ProcessingGuarantee.ExactlyOnceV2, "a"));
        using (var producer = harness.NewProducer())
        {
            EmbeddedStreamsHarness.Produce(producer, "in", 0, records);
            Assert.Equal(0, producer.Flush(Patience));
        }

        var seen = harness.ReadValues("out", 8, s => AllSeen(s, records) || streams.State == KafkaStreamsState.Error, Patience);

        Assert.Equal(KafkaStreamsState.Running, streams.State);
        Assert.True(AllSeen(seen, records), $"{records - seen.Count} of {records} records missing");
    }
}
