using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Table;
using SusyTopology.App.Running;
using SusyTopology.InMemoryKafka;
using SusyTopology.Kafka.Clients;

namespace SusyTopology.App.Tests.Running;

/// <summary>
/// A global store over a topic written in transactions restores to its end: the high watermark Streamiz restores up to
/// is one past the last record a consumer can read, not the log end behind aborted records or markers.
/// </summary>
public sealed class GlobalStoreConsumerTests
{
    private const string Topic = "models";
    private static readonly TopicPartition Partition = new(Topic, 0);

    [Theory]
    [InlineData(3, 0, 3)] // three committed records, then the commit marker at offset 3
    [InlineData(2, 1, 2)] // one aborted record after two committed ones
    [InlineData(0, 3, 0)] // nothing readable: low == high, so Streamiz skips the restore
    [InlineData(100, 40, 100)] // the last readable record lies further back than the first scan window
    public void The_restore_end_is_one_past_the_last_readable_record(int committed, int abortedAfter, long expectedHigh)
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic(Topic, 1);
        var process = new InMemoryKafkaSupplier(cluster, "p");
        Write(process, committed, abortedAfter);
        var supplier = new MendedKafkaSupplier(process, NullLogger.Instance);

        using var consumer = supplier.GetGlobalConsumer(new ConsumerConfig { GroupId = "g", ClientId = "global" });
        var marks = consumer.QueryWatermarkOffsets(Partition, TimeSpan.FromSeconds(5));

        Assert.Equal(0, marks.Low.Value);
        Assert.Equal(expectedHigh, marks.High.Value);
        var markers = (committed > 0 ? 1 : 0) + (abortedAfter > 0 ? 1 : 0);
        Assert.Equal(committed + abortedAfter + markers, process.GetGlobalConsumer(new ConsumerConfig { GroupId = "g" })
            .QueryWatermarkOffsets(Partition, TimeSpan.Zero).High.Value); // what Streamiz got before
        Assert.Empty(consumer.Assignment); // the scan used a consumer of its own
    }

    [Fact]
    public void A_scan_that_cannot_reach_the_end_leaves_the_watermarks_as_they_are()
    {
        var process = new InMemoryKafkaSupplier(new InMemoryKafkaCluster(), "p");
        process.Cluster.CreateTopic(Topic, 1);
        Write(process, 3, 0);
        var time = new FakeTimeProvider { AutoAdvanceAmount = GlobalStoreConsumer.ScanPatience };
        var config = new ConsumerConfig { GroupId = "g" }; // no partition EOF: the scan never sees the end
        using var consumer = new GlobalStoreConsumer(process.GetGlobalConsumer(config), () => process.GetGlobalConsumer(config),
            NullLogger.Instance, time);

        Assert.Equal(4, consumer.QueryWatermarkOffsets(Partition, TimeSpan.Zero).High.Value); // three records and the marker
    }

    /// <summary>
    /// Streamiz itself: a global table over a topic whose last record was aborted starts, and holds the committed
    /// records. Without the wrapper Streamiz's restore waits for ever for the aborted offset.
    /// </summary>
    [Fact]
    public async Task Streamiz_starts_on_a_global_table_whose_topic_ends_in_an_aborted_transaction()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic(Topic, 1);
        cluster.CreateTopic("input", 1);
        var process = new InMemoryKafkaSupplier(cluster, "app");
        Write(new InMemoryKafkaSupplier(cluster, "writer"), 2, 1);
        var builder = new StreamBuilder();
        builder.GlobalTable(Topic, new StringSerDes(), new StringSerDes(), InMemory.As<string, string>("models-store"));
        builder.Stream<string, string, StringSerDes, StringSerDes>("input").To("output");
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = "global-restore",
            BootstrapServers = "in-memory:9092",
            StateDir = Directory.CreateTempSubdirectory("susy-global-").FullName,
            Logger = NullLoggerFactory.Instance,
        };
        using var stream = new KafkaStream(builder.Build(), config, new MendedKafkaSupplier(process, NullLogger.Instance));

        await Task.Run(() => stream.StartAsync()).WaitAsync(TimeSpan.FromSeconds(30));

        var store = stream.Store(StoreQueryParameters.FromNameAndType("models-store", QueryableStoreTypes.KeyValueStore<string, string>()));
        Assert.Equal(["v0", "v1"], store.All().Select(kv => kv.Value).Order());
        Directory.Delete(config.StateDir, recursive: true);
    }

    [Fact]
    public void A_refused_seek_to_where_a_partition_was_just_assigned_is_ignored()
    {
        var process = new InMemoryKafkaSupplier(new InMemoryKafkaCluster(), "p");
        process.Cluster.CreateTopic(Topic, 1);
        Write(process, 10, 0);
        var config = new ConsumerConfig { GroupId = "g" };
        using var consumer = new GlobalStoreConsumer(new SeekRefusingConsumer(process.GetGlobalConsumer(config)),
            () => process.GetGlobalConsumer(config), NullLogger.Instance);

        consumer.Assign([new TopicPartitionOffset(Partition, 4)]);
        consumer.Seek(new TopicPartitionOffset(Partition, 4));

        Assert.Equal(4, consumer.Consume(TimeSpan.FromSeconds(1)).Offset.Value); // the assignment's offset stands
        Assert.Throws<KafkaException>(() => consumer.Seek(new TopicPartitionOffset(Partition, 2))); // any other seek fails as before
    }

    /// <summary>A consumer whose seeks librdkafka refuses, as it does before a just-assigned partition's fetcher starts.</summary>
    private sealed class SeekRefusingConsumer(IConsumer<byte[], byte[]> inner) : DelegatingConsumer(inner)
    {
        public override void Seek(TopicPartitionOffset tpo) => throw new KafkaException(new Error(ErrorCode.Local_State));
    }

    /// <summary><paramref name="committed"/> records in a committed transaction, then <paramref name="aborted"/> in an aborted one.</summary>
    private static void Write(InMemoryKafkaSupplier process, int committed, int aborted)
    {
        using var producer = process.GetProducer(new ProducerConfig { TransactionalId = "writer" });
        producer.InitTransactions(TimeSpan.FromSeconds(1));
        foreach (var (count, commit) in new[] { (committed, true), (aborted, false) })
        {
            if (count == 0) continue;
            producer.BeginTransaction();
            for (var i = 0; i < count; i++)
                producer.Produce(Partition, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes($"k{i}"), Value = Encoding.UTF8.GetBytes($"v{i}") });
            if (commit) producer.CommitTransaction();
            else producer.AbortTransaction();
        }
    }
}
