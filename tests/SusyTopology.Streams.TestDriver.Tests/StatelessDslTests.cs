using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.TestDriver;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class StatelessDslTests
{
    private static readonly Consumed<string, int> StringInt = Consumed.With(Serdes.String(), Serdes.Int32());

    [Fact]
    public void Filter_map_values_and_peek_run_in_order_and_keep_timestamps()
    {
        var builder = new StreamsBuilder();
        var peeked = new List<string>();
        builder.Stream("in", StringInt)
            .Filter((_, v) => v % 2 == 0)
            .MapValues(v => v * 10)
            .Peek((k, v) => peeked.Add($"{k}={v}"))
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        var output = driver.CreateOutputTopic("out", Serdes.String().Deserializer, Serdes.Int32().Deserializer);

        input.PipeInput("a", 1, 100);
        input.PipeInput("b", 2, 200);
        input.PipeInput("c", 4, 300);

        var records = output.ReadRecordsToList();
        Assert.Equal(["b", "c"], records.Select(r => r.Key));
        Assert.Equal([20, 40], records.Select(r => r.Value));
        Assert.Equal([200L, 300L], records.Select(r => r.TimestampMs!.Value));
        Assert.Equal(["b=20", "c=40"], peeked);
        Assert.True(output.IsEmpty);
    }

    [Fact]
    public void Map_changes_key_and_value_types_and_produced_serdes_write_them()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", StringInt)
            .Map((k, v) => (v, k + "!"))
            .FilterNot((k, _) => k < 0)
            .To("out", Produced.With(Serdes.Int32(), Serdes.String()));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        var output = driver.CreateOutputTopic("out", Serdes.Int32().Deserializer, Serdes.String().Deserializer);

        input.PipeInput("x", 7);
        input.PipeInput("y", -1);

        Assert.Equal([new KeyValuePair<int, string>(7, "x!")], output.ReadKeyValuesToList());
    }

    [Fact]
    public void Sink_without_known_serde_is_rejected_when_the_topology_is_declared()
    {
        var builder = new StreamsBuilder();
        var mapped = builder.Stream("in", StringInt).MapValues(v => new Uri($"urn:{v}"));
        var error = Assert.Throws<InvalidOperationException>(() => mapped.To("out"));
        Assert.Contains("value serde", error.Message);
    }

    [Fact]
    public void Merge_joins_two_sources_into_one_stream()
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream("left", StringInt);
        var right = builder.Stream("right", StringInt);
        left.Merge(right).MapValues(v => v + 1).To("out", Produced.With(Serdes.String(), Serdes.Int32()));
        using var driver = new TopologyTestDriver(builder.Build());
        var leftIn = driver.CreateInputTopic("left", Serdes.String().Serializer, Serdes.Int32().Serializer);
        var rightIn = driver.CreateInputTopic("right", Serdes.String().Serializer, Serdes.Int32().Serializer);
        var output = driver.CreateOutputTopic("out", Serdes.String().Deserializer, Serdes.Int32().Deserializer);

        leftIn.PipeInput("l", 1);
        rightIn.PipeInput("r", 10);

        Assert.Equal([2, 11], output.ReadValuesToList());
    }

    [Fact]
    public void Topic_name_extractor_routes_each_record()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", StringInt).To(new TopicNameExtractor<string, int>((_, v, ctx) =>
            v >= 0 ? $"positive-from-{ctx.Source!.Value.Topic}" : "negative"));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);

        input.PipeInput("a", 5);
        input.PipeInput("b", -5);

        Assert.Equal(5, driver.CreateOutputTopic("positive-from-in", Serdes.String().Deserializer, Serdes.Int32().Deserializer).ReadValue());
        Assert.Equal(-5, driver.CreateOutputTopic("negative", Serdes.String().Deserializer, Serdes.Int32().Deserializer).ReadValue());
    }

    [Fact]
    public void Auto_advancing_input_topic_stamps_consecutive_timestamps()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", StringInt).To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_000);
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer, start,
            TimeSpan.FromMilliseconds(250));
        var output = driver.CreateOutputTopic("out", Serdes.String().Deserializer, Serdes.Int32().Deserializer);

        input.PipeValueList([1, 2, 3]);

        Assert.Equal([1_000L, 1_250L, 1_500L], output.ReadRecordsToList().Select(r => r.TimestampMs!.Value));
    }

    [Fact]
    public void A_timestamp_extractor_gives_records_their_event_time_and_negative_times_skip_them()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", StringInt.WithTimestampExtractor(
                new TimestampExtractor<string, int>((_, value, _, _) => value < 0 ? -1 : value * 1_000L)))
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)))
            .Count()
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        input.PipeInput("k", 3, 999_999);   // event time 3 s, whatever the Kafka timestamp
        input.PipeInput("k", -5, 5);        // no valid event time: skipped
        input.PipeInput("k", 12, 0);        // event time 12 s

        var output = driver.CreateOutputTopic("out", Serdes.TimeWindowed(Serdes.String(), TimeSpan.FromSeconds(10)).Deserializer,
            Serdes.Int64().Deserializer).ReadRecordsToList();
        Assert.Equal([(0L, 3_000L), (10_000L, 12_000L)], output.Select(r => (r.Key.Window.StartMs, r.TimestampMs!.Value)));
    }

    [Fact]
    public void FlatMapValues_and_FlatMap_emit_zero_or_more_records_and_Foreach_sees_every_record()
    {
        var builder = new StreamsBuilder();
        var seen = new List<string>();
        var sentences = builder.Stream("in", Consumed.With(Serdes.String(), Serdes.String()));
        sentences.FlatMapValues(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)).To("words");
        sentences.FlatMap((k, s) => s.Length == 0 ? [] : new[] { (s.Length, k) }).To("lengths");
        sentences.Foreach((k, v) => seen.Add(k + ":" + v));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.String().Serializer);
        input.PipeInput("a", "to be or");
        input.PipeInput("b", "");

        Assert.Equal([new("a", "to"), new("a", "be"), new("a", "or")],
            driver.CreateOutputTopic("words", Serdes.String().Deserializer, Serdes.String().Deserializer).ReadKeyValuesToList());
        Assert.Equal([new(8, "a")], driver.CreateOutputTopic("lengths", Serdes.Int32().Deserializer, Serdes.String().Deserializer).ReadKeyValuesToList());
        Assert.Equal(["a:to be or", "b:"], seen);
    }
}
