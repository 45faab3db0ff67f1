using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.State;
using SusyTopology.Streams.TestDriver;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class GlobalTableTests
{
    /// <summary>Scores each value with the newest "model" (a multiplier) from the global store.</summary>
    private sealed class Scorer(string storeName) : IProcessor<string, int, string, int>
    {
        private IProcessorContext<string, int> _context = null!;
        private IKeyValueStore<string, int> _models = null!;

        public void Init(IProcessorContext<string, int> context)
        {
            _context = context;
            _models = context.GetStateStore<IKeyValueStore<string, int>>(storeName);
        }

        public void Process(Record<string, int> record) =>
            _context.Forward(record.WithValue(_models.TryGet("model", out var factor) ? record.Value * factor : -1));
    }

    [Fact]
    public void Processors_read_a_global_table_that_is_fed_by_the_topologys_own_output()
    {
        var builder = new StreamsBuilder();
        var models = builder.GlobalTable("models", Consumed.With(Serdes.String(), Serdes.Int32()),
            Materialized.As<string, int>("models-store"));
        var events = builder.Stream("events", Consumed.With(Serdes.String(), Serdes.Int32()));
        var branches = events.Split(Named.As("e-"))
            .Branch((k, _) => k == "train", Branched<string, int>.As("train"))
            .DefaultBranch(Branched<string, int>.As("test"));
        // Training publishes a new model; scoring reads the newest one through the global table.
        branches["e-train"].SelectKey((_, _) => "model").To("models", Produced.With(Serdes.String(), Serdes.Int32()));
        branches["e-test"].Process<string, int>(() => new Scorer(models.QueryableStoreName)).To("scores", Produced.With(Serdes.String(), Serdes.Int32()));

        var topology = builder.Build();
        var global = Assert.Single(topology.Metadata("app").GlobalStores);
        Assert.Equal("models-store", global.StoreName);
        Assert.Equal(["models"], global.SourceTopics);

        using var driver = new TopologyTestDriver(topology);
        var input = driver.CreateInputTopic("events", Serdes.String().Serializer, Serdes.Int32().Serializer);
        input.PipeInput("test", 5);
        input.PipeInput("train", 3);
        input.PipeInput("test", 5);
        input.PipeInput("train", 10);
        input.PipeInput("test", 5);

        Assert.Equal([-1, 15, 50], driver.CreateOutputTopic("scores", Serdes.String().Deserializer, Serdes.Int32().Deserializer).ReadValuesToList());
        Assert.Equal(10, driver.GetKeyValueStore<string, int>("models-store").Get("model"));
    }

    [Fact]
    public void A_null_value_deletes_the_key_from_the_global_table()
    {
        var builder = new StreamsBuilder();
        builder.GlobalTable("t", Consumed.With(Serdes.String(), Serdes.String()), Materialized.As<string, string>("t-store"));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("t", Serdes.String().Serializer, Serdes.String().Serializer);
        input.PipeInput("k", "v");
        Assert.Equal("v", driver.GetKeyValueStore<string, string>("t-store").Get("k"));
        input.PipeInput("k", null!);
        Assert.False(driver.GetKeyValueStore<string, string>("t-store").TryGet("k", out _));
    }

    [Fact]
    public void Unreadable_global_records_go_to_the_dead_letter_topic_and_the_table_keeps_its_value()
    {
        var builder = new StreamsBuilder();
        builder.GlobalTable("models", Consumed.With(Serdes.String(), Serdes.Int32()), Materialized.As<string, int>("m"));
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions
        {
            DeserializationExceptionHandler = new DeadLetterQueueExceptionHandler("dlq"),
        });
        var raw = driver.CreateInputTopic("models", Serdes.String().Serializer, Serdes.ByteArray().Serializer);
        raw.PipeInput("model", [0, 0, 0, 4]);
        raw.PipeInput("model", [9]);

        Assert.Equal(4, driver.GetKeyValueStore<string, int>("m").Get("model"));
        var dead = driver.CreateOutputTopic("dlq", Serdes.String().Deserializer, Serdes.ByteArray().Deserializer).ReadRecord();
        Assert.Equal("models", dead.HeaderText(DeadLetterQueueExceptionHandler.TopicHeader));
        Assert.Equal("1", dead.HeaderText(DeadLetterQueueExceptionHandler.OffsetHeader));
    }
}
