using Confluent.Kafka;
using Confluent.SchemaRegistry.Serdes;
using SusyTopology.App.Evaluation;
using SusyTopology.App.Loading;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Avro.Confluent;
using SusyTopology.Events;
using SusyTopology.Learning.Data;

namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>What the learner tests write to and read from an embedded stack: TRAIN events in, model snapshots out.</summary>
internal static class TrainingTopics
{
    /// <summary>Produces <paramref name="rows"/> as TRAIN events with ids from <paramref name="firstId"/>, timestamped by id.</summary>
    public static void ProduceTrainEvents(EmbeddedAppStack stack, IEnumerable<SusyRow> rows, long firstId)
    {
        using var registry = stack.Kafka.CreateRegistryClient();
        using var producer = EventLoader.CreateProducer(stack.Kafka, registry, "train-load");
        var id = firstId;
        foreach (var row in rows)
        {
            var e = SusyEventFeatures.ToEvent(id, Split.TRAIN, row.Label, row.Features, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + id));
            producer.Produce("susy-events", new Message<long, SusyEvent> { Key = id++, Value = e });
        }
        Xunit.Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Every snapshot on the models topic so far, in order.</summary>
    public static List<ModelSnapshot> Models(EmbeddedAppStack stack, TimeSpan wait)
    {
        using var registry = stack.Kafka.CreateRegistryClient();
        return TopicReader.ReadAll(stack.Kafka.Consumer("models-verify-" + Guid.NewGuid().ToString("N"), "models-verify"), "susy-models",
                Deserializers.Utf8, new InlineDeserializer<ModelSnapshot>(new AvroDeserializer<ModelSnapshot>(registry)), wait)
            .Select(r => r.Message.Value).ToList();
    }
}
