using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.State;
using SusyTopology.Streams.TestDriver;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class ProcessorApiTests
{
    /// <summary>Keeps a running sum per key in a store and emits it with the record's source position.</summary>
    private sealed class RunningSum(string storeName) : IProcessor<string, int, string, string>
    {
        private IProcessorContext<string, string> _context = null!;
        private IKeyValueStore<string, int> _store = null!;

        public void Init(IProcessorContext<string, string> context)
        {
            _context = context;
            _store = context.GetStateStore<IKeyValueStore<string, int>>(storeName);
        }

        public void Process(Record<string, int> record)
        {
            var sum = _store.Get(record.Key) + record.Value;
            _store.Put(record.Key, sum);
            var source = _context.RecordMetadata!.Value;
            _context.Forward(record.WithValue($"{sum}@{source.Topic}:{source.Offset}/{_context.TaskId}"));
        }
    }

    [Fact]
    public void A_processor_reads_and_writes_its_connected_store_and_the_store_is_change_logged()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.InMemoryKeyValueStore("sums", Serdes.String(), Serdes.Int32()));
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .Process<string, string>(() => new RunningSum("sums"), Named.As("summer"), "sums")
            .To("out", Produced.With(Serdes.String(), Serdes.String()));
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions { ApplicationId = "app" });
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        input.PipeInput("a", 1, 10);
        input.PipeInput("a", 2, 20);
        input.PipeInput("b", 5, 30);

        Assert.Equal(["1@in:0/0_0", "3@in:1/0_0", "5@in:2/0_0"],
            driver.CreateOutputTopic("out", Serdes.String().Deserializer, Serdes.String().Deserializer).ReadValuesToList());
        var store = driver.GetKeyValueStore<string, int>("sums");
        Assert.Equal([new("a", 3), new("b", 5)], store.All());
        var changelog = driver.CreateOutputTopic("app-sums-changelog", Serdes.String().Deserializer, Serdes.Int32().Deserializer);
        var changes = changelog.ReadRecordsToList();
        Assert.Equal([("a", 1, 10L), ("a", 3, 20L), ("b", 5, 30L)], changes.Select(c => (c.Key, c.Value, c.TimestampMs!.Value)));
    }

    [Fact]
    public void A_processor_cannot_open_a_store_it_is_not_connected_to()
    {
        var builder = new StreamsBuilder();
        builder.AddStateStore(Stores.InMemoryKeyValueStore("sums", Serdes.String(), Serdes.Int32()));
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .Process<string, string>(() => new RunningSum("sums"));
        var error = Assert.Throws<InvalidOperationException>(() => new TopologyTestDriver(builder.Build()));
        Assert.Contains("no access to store 'sums'", error.Message);
    }

    /// <summary>Counts values per key without being able to change keys.</summary>
    private sealed class Labeller : IFixedKeyProcessor<string, int, string>
    {
        private IFixedKeyProcessorContext<string, string> _context = null!;

        public void Init(IFixedKeyProcessorContext<string, string> context) => _context = context;

        public void Process(FixedKeyRecord<string, int> record) =>
            _context.Forward(record.WithValue(record.Value > 0 ? "pos" : "non-pos"));
    }

    [Fact]
    public void ProcessValues_keeps_keys_so_grouping_after_it_needs_no_repartition()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .ProcessValues(() => new Labeller())
            .GroupByKey(Grouped.With(Serdes.String(), Serdes.String()))
            .Count()
            .ToStream()
            .To("out", Produced.With(Serdes.String(), Serdes.Int64()));
        var topology = builder.Build();
        Assert.Single(topology.Describe().Subtopologies);
        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        input.PipeInput("a", 1);
        input.PipeInput("a", -1);
        Assert.Equal([1L, 2L], driver.CreateOutputTopic("out", Serdes.String().Deserializer, Serdes.Int64().Deserializer).ReadValuesToList());
    }

    [Fact]
    public void Hand_built_topology_with_processor_api_runs_through_the_driver()
    {
        var topology = new Topology()
            .AddSource("src", Serdes.String().Deserializer, Serdes.Int32().Deserializer, "in")
            .AddProcessor<string, int, string, string>("sum", () => new RunningSum("s"), "src")
            .AddStateStore(Stores.InMemoryKeyValueStore("s", Serdes.String(), Serdes.Int32()).WithLoggingDisabled(), "sum")
            .AddSink("sink", "out", Serdes.String().Serializer, Serdes.String().Serializer, "sum");
        using var driver = new TopologyTestDriver(topology);
        driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer).PipeInput("x", 4);
        Assert.Equal("4@in:0/0_0", driver.CreateOutputTopic("out", Serdes.String().Deserializer, Serdes.String().Deserializer).ReadValue());
        Assert.DoesNotContain(driver.ProducedTopicNames, t => t.EndsWith("-changelog", StringComparison.Ordinal));
    }

    [Fact]
    public void Wiring_a_child_of_the_wrong_type_is_reported_when_the_task_is_built()
    {
        var topology = new Topology()
            .AddSource("src", Serdes.String().Deserializer, Serdes.Int32().Deserializer, "in")
            .AddSink("sink", "out", Serdes.String().Serializer, Serdes.String().Serializer, "src");
        var error = Assert.Throws<InvalidOperationException>(() => new TopologyTestDriver(topology));
        Assert.Contains("'src' forwards (String, Int32)", error.Message);
    }

    /// <summary>Creates a brand-new record (no input headers) and tags it with a header before forwarding.</summary>
    private sealed class Tagger : IProcessor<string, int, string, int>
    {
        private IProcessorContext<string, int> _context = null!;

        public void Init(IProcessorContext<string, int> context) => _context = context;

        public void Process(Record<string, int> record)
        {
            record.Headers.Add("seen-by", [1]);
            var fresh = new Record<string, int>(record.Key, record.Value + 1, record.Timestamp);
            fresh.Headers.Add("fresh", [2]);
            _context.Forward(record);
            _context.Forward(fresh);
        }
    }

    [Fact]
    public void Headers_added_by_a_processor_reach_the_sink_even_on_records_created_without_headers()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .Process<string, int>(() => new Tagger())
            .To("out", Produced.With(Serdes.String(), Serdes.Int32()));
        using var driver = new TopologyTestDriver(builder.Build());
        driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer).PipeInput("k", 1);
        var records = driver.CreateOutputTopic("out", Serdes.String().Deserializer, Serdes.Int32().Deserializer).ReadRecordsToList();
        Assert.Equal(2, records.Count);
        Assert.NotNull(records[0].HeaderText("seen-by"));
        Assert.NotNull(records[1].HeaderText("fresh"));
    }
}
