using System.Text;
using Confluent.Kafka;

namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>Building and reading the raw records the double's own tests exchange.</summary>
internal static class TestMessages
{
    public static Message<byte[], byte[]> Msg(string key, string value) =>
        new() { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(value), Timestamp = new Timestamp(1, TimestampType.CreateTime) };

    public static string Value(ConsumeResult<byte[], byte[]> r) => Encoding.UTF8.GetString(r.Message.Value);

    /// <summary>Every value the consumer still has to read; a short poll that returns nothing ends it.</summary>
    public static List<string> Drain(IConsumer<byte[], byte[]> consumer)
    {
        var values = new List<string>();
        while (consumer.Consume(TimeSpan.FromMilliseconds(30)) is { } r)
            if (!r.IsPartitionEOF) values.Add(Value(r));
        return values;
    }

    public static ConsumerConfig Reader(IsolationLevel isolation) =>
        new() { GroupId = "reader", IsolationLevel = isolation, AutoOffsetReset = AutoOffsetReset.Earliest };
}
