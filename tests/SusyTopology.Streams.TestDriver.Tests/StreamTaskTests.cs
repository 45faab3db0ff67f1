using Confluent.Kafka;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Processor.Internals;
using SusyTopology.Streams.State;
using SusyTopology.Streams.TestDriver;

namespace SusyTopology.Streams.TestDriver.Tests;

/// <summary>The task as the runtime drives it: several partitions, offsets, restoration, commit requests.</summary>
public sealed class StreamTaskTests
{
    private sealed class ListCollector : IRecordCollector
    {
        public List<(string Topic, byte[]? Key, byte[]? Value, long Timestamp, int? Partition)> Sent { get; } = new();
        public int Flushes { get; private set; }

        public void Send(string topic, byte[]? key, byte[]? value, Headers? headers, long timestamp, int? partition) =>
            Sent.Add((topic, key, value, timestamp, partition));

        public void Flush() => Flushes++;
    }

    private sealed class SumAndCommitEvery3(string store) : IProcessor<string, int, string, int>
    {
        private IProcessorContext<string, int> _context = null!;
        private IKeyValueStore<string, int> _sums = null!;
        private int _seen;

        public void Init(IProcessorContext<string, int> context)
        {
            _context = context;
            _sums = context.GetStateStore<IKeyValueStore<string, int>>(store);
        }

        public void Process(Record<string, int> record)
        {
            var sum = _sums.Get(record.Key) + record.Value;
            _sums.Put(record.Key, sum);
            _context.Forward(record.WithValue(sum));
            if (++_seen % 3 == 0) _context.Commit();
        }
    }

    private static Topology SumTopology() => new Topology()
        .AddSource("src", Serdes.String().Deserializer, Serdes.Int32().Deserializer, "a", "b")
        .AddProcessor<string, int, string, int>("sum", () => new SumAndCommitEvery3("sums"), "src")
        .AddStateStore(Stores.InMemoryKeyValueStore("sums", Serdes.String(), Serdes.Int32()), "sum")
        .AddSink("sink", "out", Serdes.String().Serializer, Serdes.Int32().Serializer, "sum");

    private static readonly TaskId Id = new(0, 3);

    private static (StreamTask Task, ListCollector Collector) NewTask(Topology topology, IDeserializationExceptionHandler? handler = null)
    {
        var processorTopology = topology.Builder.BuildSubtopology(0, "app");
        var collector = new ListCollector();
        var task = new StreamTask(Id, processorTopology,
            [new TopicPartition("a", new Partition(3)), new TopicPartition("b", new Partition(3))], collector,
            new ProcessorStateManager(Id, processorTopology.ChangelogTopicByStore), new ManualTimeProvider(DateTimeOffset.UnixEpoch),
            new StreamTaskSettings { ApplicationId = "app", DeserializationExceptionHandler = handler ?? new LogAndFailExceptionHandler() });
        return (task, collector);
    }

    private static ConsumeResult<byte[], byte[]> Raw(string topic, long offset, string key, byte[] value, long timestamp) => new()
    {
        Topic = topic,
        Partition = new Partition(3),
        Offset = new Offset(offset),
        Message = new Message<byte[], byte[]>
        {
            Key = Serdes.String().Serializer.Serialize(key, default),
            Value = value,
            Timestamp = new Timestamp(timestamp, TimestampType.CreateTime),
        },
    };

    private static byte[] Int(int value) => Serdes.Int32().Serializer.Serialize(value, default);

    [Fact]
    public void Records_of_several_partitions_are_processed_by_head_timestamp_and_offsets_are_reported_per_partition()
    {
        var (task, collector) = NewTask(SumTopology());
        task.InitializeStateStores();
        task.CompleteRestoration();
        task.AddRecords(new TopicPartition("a", new Partition(3)), [Raw("a", 10, "k", Int(1), 100), Raw("a", 11, "k", Int(2), 300)]);
        task.AddRecords(new TopicPartition("b", new Partition(3)), [Raw("b", 50, "k", Int(10), 200)]);
        Assert.Equal(3, task.BufferedRecords);

        while (task.Process()) { }

        var outputs = collector.Sent.Where(s => s.Topic == "out").ToList();
        Assert.Equal([100L, 200L, 300L], outputs.Select(o => o.Timestamp));
        Assert.Equal([1, 11, 13], outputs.Select(o => Serdes.Int32().Deserializer.Deserialize(o.Value, false, default)));
        Assert.Equal(300L, task.StreamTime);
        Assert.True(task.CommitNeeded);
        Assert.True(task.CommitRequested); // the third record asked for a commit

        var offsets = task.PrepareCommit();
        Assert.Equal(12L, offsets[new TopicPartition("a", new Partition(3))]);
        Assert.Equal(51L, offsets[new TopicPartition("b", new Partition(3))]);
        Assert.Equal(0, collector.Flushes); // the runtime flushes the thread's one producer once for all its tasks
        task.PostCommit();
        Assert.False(task.CommitNeeded);
        Assert.False(task.CommitRequested);
        task.Close();
    }

    [Fact]
    public void Records_redelivered_below_the_processed_position_are_not_processed_again()
    {
        // An eager rebalance whose commit was refused: the task is suspended (buffers dropped) and resumed, and the
        // consumer re-delivers from the last committed offset, which is behind what the task already processed.
        var (task, collector) = NewTask(SumTopology());
        task.InitializeStateStores();
        task.CompleteRestoration();
        var a = new TopicPartition("a", new Partition(3));
        task.AddRecords(a, [Raw("a", 0, "k", Int(1), 100), Raw("a", 1, "k", Int(2), 101), Raw("a", 2, "k", Int(4), 102)]);
        Assert.True(task.Process());
        Assert.True(task.Process());
        task.ClearBuffers(); // suspended with offset 2 still buffered
        Assert.Equal(0, task.BufferedRecords);

        task.AddRecords(a, [Raw("a", 0, "k", Int(1), 100), Raw("a", 1, "k", Int(2), 101), Raw("a", 2, "k", Int(4), 102), Raw("a", 3, "k", Int(8), 103)]);
        Assert.Equal(2, task.BufferedRecords);
        Assert.Equal(2, task.SkippedRecords);
        while (task.Process()) { }

        var sums = collector.Sent.Where(s => s.Topic == "out")
            .Select(o => Serdes.Int32().Deserializer.Deserialize(o.Value, false, default)).ToList();
        Assert.Equal([1, 3, 7, 15], sums); // each record counted once
        Assert.Equal(4L, task.PrepareCommit()[a]);
        task.Close();
    }

    [Fact]
    public void Changelog_writes_go_to_the_tasks_partition_and_restore_a_fresh_task_to_the_same_state()
    {
        var (task, collector) = NewTask(SumTopology());
        task.InitializeStateStores();
        task.CompleteRestoration();
        var changelog = new TopicPartition("app-sums-changelog", new Partition(3));
        Assert.Equal("sums", task.StateManager.ChangelogPartitions[changelog]);
        task.AddRecords(new TopicPartition("a", new Partition(3)), [Raw("a", 0, "x", Int(1), 1), Raw("a", 1, "y", Int(5), 2), Raw("a", 2, "x", Int(1), 3)]);
        while (task.Process()) { }
        var expected = ((IKeyValueStore<string, int>)task.StateManager.GetStore("sums")!).All();

        var logged = collector.Sent.Where(s => s.Topic == changelog.Topic).ToList();
        Assert.All(logged, l => Assert.Equal(3, l.Partition));
        var records = logged.Select((l, i) => new ConsumeResult<byte[], byte[]>
        {
            Topic = changelog.Topic,
            Partition = changelog.Partition,
            Offset = new Offset(i),
            Message = new Message<byte[], byte[]> { Key = l.Key!, Value = l.Value!, Timestamp = new Timestamp(l.Timestamp, TimestampType.CreateTime) },
        }).ToList();

        var (restoredTask, restoredCollector) = NewTask(SumTopology());
        restoredTask.InitializeStateStores();
        restoredTask.StateManager.Restore(changelog, records);
        restoredTask.CompleteRestoration();

        Assert.Equal(expected, ((IKeyValueStore<string, int>)restoredTask.StateManager.GetStore("sums")!).All());
        Assert.Equal(records.Count - 1, restoredTask.StateManager.ChangelogOffsets[changelog]);
        Assert.Empty(restoredCollector.Sent); // restoring does not write the changelog
    }

    [Fact]
    public void A_record_skipped_by_the_dead_letter_handler_is_still_committed()
    {
        var (task, collector) = NewTask(SumTopology(), new DeadLetterQueueExceptionHandler("dlq"));
        task.InitializeStateStores();
        task.CompleteRestoration();
        task.AddRecord(Raw("a", 7, "k", [1, 2], 5));
        Assert.True(task.Process());

        var dead = Assert.Single(collector.Sent);
        Assert.Equal(("dlq", null), (dead.Topic, dead.Partition));
        Assert.Equal([1, 2], dead.Value);
        Assert.Equal(8L, task.PrepareCommit()[new TopicPartition("a", new Partition(3))]);
    }

    [Fact]
    public void The_lifecycle_is_enforced_and_foreign_partitions_are_rejected()
    {
        var (task, _) = NewTask(SumTopology());
        Assert.Throws<ArgumentException>(() => task.AddRecord(Raw("c", 0, "k", Int(1), 1)));
        task.AddRecord(Raw("a", 0, "k", Int(1), 1));
        Assert.Throws<InvalidOperationException>(() => task.Process());
        task.InitializeStateStores();
        task.CompleteRestoration();
        Assert.True(task.Process());
        task.Close();
        Assert.Equal(StreamTaskState.Closed, task.State);
        Assert.False(task.StateManager.GetStore("sums")!.IsOpen);
    }

    [Fact]
    public void A_task_needs_a_source_for_each_of_its_partitions()
    {
        var builder = new StreamsBuilder();
        builder.Stream("a", Consumed.With(Serdes.String(), Serdes.Int32())).To("out");
        var topology = builder.Build();
        var processorTopology = topology.Builder.BuildSubtopology(0, "app");
        Assert.Throws<ArgumentException>(() => new StreamTask(Id, processorTopology, [new TopicPartition("zzz", new Partition(0))],
            new ListCollector(), new ProcessorStateManager(Id, processorTopology.ChangelogTopicByStore), TimeProvider.System,
            new StreamTaskSettings { ApplicationId = "app" }));
    }

    [Fact]
    public void A_record_without_a_timestamp_takes_the_partition_time()
    {
        var (task, collector) = NewTask(SumTopology());
        task.InitializeStateStores();
        task.CompleteRestoration();
        var untimed = Raw("a", 1, "k", Int(1), 0);
        untimed.Message.Timestamp = Timestamp.Default;
        task.AddRecords(new TopicPartition("a", new Partition(3)), [Raw("a", 0, "k", Int(1), 500), untimed]);
        while (task.Process()) { }
        Assert.Equal([500L, 500L], collector.Sent.Where(s => s.Topic == "out").Select(s => s.Timestamp));
        Assert.Equal(2L, task.PrepareCommit()[new TopicPartition("a", new Partition(3))]);
    }
}
