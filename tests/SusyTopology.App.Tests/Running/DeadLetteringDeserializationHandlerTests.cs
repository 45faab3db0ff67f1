using System.Text;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.InMemoryKafka;

namespace SusyTopology.App.Tests.Running;

public sealed class DeadLetteringDeserializationHandlerTests
{
    private static ConsumeResult<byte[], byte[]> Record(byte[] value) => new()
    {
        Topic = "susy-models",
        Partition = new Partition(0),
        Offset = new Offset(41),
        Message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes("model"), Value = value, Headers = [] },
    };

    private static (DeadLetteringDeserializationHandler Handler, InMemoryKafkaCluster Cluster, TopologyCounters Counters) Create()
    {
        var cluster = new InMemoryKafkaCluster();
        cluster.CreateTopic("susy-dead-letter", 1);
        var producer = new InMemoryKafkaSupplier(cluster, "app").GetProducer(new ProducerConfig { ClientId = "dead-letters" });
        var counters = new TopologyCounters($"{TopologyCounters.MeterName}.Test.{Guid.NewGuid():N}");
        return (new DeadLetteringDeserializationHandler(producer, "susy-dead-letter", counters, NullLogger.Instance), cluster, counters);
    }

    [Fact]
    public void An_undecodable_record_is_copied_to_the_dead_letter_topic_with_its_reason_and_skipped()
    {
        var (handler, cluster, counters) = Create();
        using var _ = counters;
        var error = new SchemaRegistryException("Schema not found; error code: 40403", System.Net.HttpStatusCode.NotFound, 40403);

        Assert.Equal(ExceptionHandlerResponse.CONTINUE, handler.Handle(null!, Record([0, 0, 0, 0x30, 0x39, 1]), error));
        handler.Dispose();

        var letter = Assert.Single(cluster.Read("susy-dead-letter"));
        Assert.Equal([0, 0, 0, 0x30, 0x39, 1], letter.Value);
        string Header(string name) => Encoding.UTF8.GetString(letter.Headers.GetLastBytes(name));
        Assert.Equal(typeof(SchemaRegistryException).FullName, Header(DeadLetterHeaders.ExceptionHeader));
        Assert.StartsWith("unknown schema id 12345", Header(DeadLetterHeaders.MessageHeader));
        Assert.Equal("susy-models", Header(DeadLetterHeaders.TopicHeader));
        Assert.Equal("0", Header(DeadLetterHeaders.PartitionHeader));
        Assert.Equal("41", Header(DeadLetterHeaders.OffsetHeader));
    }

    [Fact]
    public void A_registry_that_cannot_be_reached_fails_instead_of_dropping_a_good_record()
    {
        var (handler, cluster, counters) = Create();
        using var _ = counters;
        Assert.Equal(ExceptionHandlerResponse.FAIL, handler.Handle(null!, Record([0, 0, 0, 0, 1, 2]), new HttpRequestException("Connection refused")));
        handler.Dispose();
        Assert.Empty(cluster.Read("susy-dead-letter"));
    }
}
