using Confluent.Kafka;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Runtime;
using SusyTopology.Streams.TestDriver;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class DeadLetterQueueTests
{
    private static Topology IntTopology()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32())).MapValues(v => v * 2).To("out");
        return builder.Build();
    }

    [Fact]
    public void Unreadable_records_go_byte_for_byte_to_the_dead_letter_topic_with_the_reason_in_headers()
    {
        using var driver = new TopologyTestDriver(IntTopology(), new TopologyTestDriverOptions
        {
            DeserializationExceptionHandler = new DeadLetterQueueExceptionHandler("in-dlq"),
        });
        // Raw bytes let the test write what the Int32 deserializer cannot read.
        var raw = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.ByteArray().Serializer);
        var headers = new Headers { { "trace", [7] } };
        raw.PipeInput(new TestRecord<string, byte[]>("ok", [0, 0, 0, 21], 10));
        raw.PipeInput(new TestRecord<string, byte[]>("bad", [1, 2, 3], 20, headers));
        raw.PipeInput(new TestRecord<string, byte[]>("ok2", [0, 0, 0, 1], 30));

        var output = driver.CreateOutputTopic("out", Serdes.String().Deserializer, Serdes.Int32().Deserializer);
        Assert.Equal([42, 2], output.ReadValuesToList());

        var dlq = driver.CreateOutputTopic("in-dlq", Serdes.String().Deserializer, Serdes.ByteArray().Deserializer);
        var dead = Assert.Single(dlq.ReadRecordsToList());
        Assert.Equal("bad", dead.Key);
        Assert.Equal([1, 2, 3], dead.Value);
        Assert.Equal(20L, dead.TimestampMs);
        Assert.Equal("in", dead.HeaderText(DeadLetterQueueExceptionHandler.TopicHeader));
        Assert.Equal("0", dead.HeaderText(DeadLetterQueueExceptionHandler.PartitionHeader));
        Assert.Equal("1", dead.HeaderText(DeadLetterQueueExceptionHandler.OffsetHeader));
        Assert.False(string.IsNullOrEmpty(dead.HeaderText(DeadLetterQueueExceptionHandler.ExceptionHeader)));
        Assert.False(string.IsNullOrEmpty(dead.HeaderText(DeadLetterQueueExceptionHandler.MessageHeader)));
        Assert.True(dead.Headers!.TryGetLastBytes("trace", out var trace) && trace.SequenceEqual(new byte[] { 7 }));
    }

    [Fact]
    public void The_default_handler_fails_the_task_with_the_record_position()
    {
        using var driver = new TopologyTestDriver(IntTopology());
        var raw = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.ByteArray().Serializer);
        var error = Assert.Throws<StreamsException>(() => raw.PipeInput("bad", [1]));
        Assert.Contains("in-0@0", error.Message);
    }

    [Fact]
    public void Log_and_continue_skips_unreadable_records()
    {
        using var driver = new TopologyTestDriver(IntTopology(), new TopologyTestDriverOptions
        {
            DeserializationExceptionHandler = new LogAndContinueExceptionHandler(),
        });
        var raw = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.ByteArray().Serializer);
        raw.PipeInput("bad", [1]);
        raw.PipeInput("good", [0, 0, 0, 5]);
        Assert.Equal([10], driver.CreateOutputTopic("out", Serdes.String().Deserializer, Serdes.Int32().Deserializer).ReadValuesToList());
    }

    [Fact]
    public void Processor_exceptions_are_wrapped_with_task_processor_and_offset()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .MapValues<int>(v => throw new InvalidOperationException("boom"), Named.As("exploder"))
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        var error = Assert.Throws<StreamsException>(() => input.PipeInput("k", 1));
        Assert.Contains("taskId=0_0", error.Message);
        Assert.Contains("processor=exploder", error.Message);
        Assert.Contains("offset=0", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }
}
