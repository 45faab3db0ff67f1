using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.State;

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

    [Fact]
    public void AStoreIsRestoredFromItsChangelogAfterARestart()
    {
        const int records = 5_000;
        const int keys = 50;
        using var harness = new EmbeddedStreamsHarness(1, new Dictionary<string, int> { ["in"] = 8, ["out"] = 8 });
        static Topology Counting()
        {
            var builder = new StreamsBuilder();
            builder.AddStateStore(Stores.InMemoryKeyValueStore("counts", Serdes.String(), Serdes.Int64()));
            builder.Stream("in", Consumed.With(Serdes.String(), Serdes.String()))
                .Process(() => new ExactlyOnce.CountingProcessor("counts"), null, "counts")
                .To("out", Produced.With(Serdes.String(), Serdes.String()));
            return builder.Build();
        }
        string Key(int i) => $"k{i % keys}";

        var first = harness.Start(Counting(), harness.Config("restore", ProcessingGuarantee.AtLeastOnce, "a"));
        using var producer = harness.NewProducer();
        EmbeddedStreamsHarness.Produce(producer, "in", 0, records, Key);
        producer.Flush(Patience);
        var before = harness.ReadValues("out", 8, s => s.Count >= records, Patience);
        Assert.Equal(records, before.Count);
        Assert.True(first.Close(TimeSpan.FromSeconds(30)));

        var listener = new RecordingRestoreListener();
        var second = harness.Start(Counting(), harness.Config("restore", ProcessingGuarantee.AtLeastOnce, "b"), listener);
        EmbeddedStreamsHarness.Produce(producer, "in", records, records + keys, Key);
        producer.Flush(Patience);
        var expected = Enumerable.Range(records, keys).Select(i => $"v{i}|{records / keys + 1}").ToList();
        var after = harness.ReadValues("out", 8, s => expected.All(s.ContainsKey) || second.State == KafkaStreamsState.Error, Patience);

        // Each key continues from exactly the count it had before the restart: the restored store is identical.
        Assert.All(expected, value => Assert.Contains(value, after.Keys));
        Assert.Equal(records, listener.Restored.Values.Sum());
        Assert.Equal(listener.Started.Keys.Order(), listener.Restored.Keys.Order());
    }

    private sealed class RecordingRestoreListener : IStateRestoreListener
    {
        public ConcurrentDictionary<TopicPartition, long> Started { get; } = new();
        public ConcurrentDictionary<TopicPartition, long> Restored { get; } = new();

        public void OnRestoreStart(TopicPartition changelogPartition, string storeName, long startingOffset, long endingOffset) =>
            Started[changelogPartition] = endingOffset - startingOffset;

        public void OnBatchRestored(TopicPartition changelogPartition, string storeName, long batchEndOffset, long numRestored) { }

        public void OnRestoreEnd(TopicPartition changelogPartition, string storeName, long totalRestored) =>
            Restored[changelogPartition] = totalRestored;
    }
}
