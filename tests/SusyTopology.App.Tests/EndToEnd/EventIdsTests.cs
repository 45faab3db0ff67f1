using Confluent.Kafka;
using Confluent.SchemaRegistry.Serdes;
using Microsoft.Extensions.Configuration;
using SusyTopology.App.Configuration;
using SusyTopology.App.Evaluation;
using SusyTopology.App.Loading;
using SusyTopology.App.Running;
using SusyTopology.App.Topology;
using SusyTopology.Avro.Confluent;
using SusyTopology.Events;
using SusyTopology.Learning.Data;
using SusyTopology.Learning.Onnx;

namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>Loads never reuse an event id already in the topic; an evaluation flags TEST events that share one.</summary>
[Collection(EmbeddedClusterCollection.Name)]
public class EventIdsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Each_load_starts_after_the_highest_id_in_the_topic_whatever_else_the_topic_holds()
    {
        await using var stack = await EmbeddedAppStack.StartAsync(Configuration());
        Assert.Equal(1, EventIds.NextFree(stack.Kafka, "susy-events", Timeout));

        Load(stack, rows: 300, firstId: EventIds.NextFree(stack.Kafka, "susy-events", Timeout));
        Assert.Equal(301, EventIds.NextFree(stack.Kafka, "susy-events", Timeout));

        using (var raw = new ProducerBuilder<byte[], byte[]>(stack.Kafka.Producer("ids-raw")).Build())
        {
            raw.Produce("susy-events", new Message<byte[], byte[]> { Key = [1, 2, 3], Value = [0] }); // not an id
            Assert.Equal(0, raw.Flush(Timeout));
        }
        Load(stack, rows: 300, firstId: EventIds.NextFree(stack.Kafka, "susy-events", Timeout));
        Assert.Equal(601, EventIds.NextFree(stack.Kafka, "susy-events", Timeout));
        Assert.Equal(0, Evaluate(stack).IdCollisions);
    }

    [Fact]
    public async Task An_evaluation_counts_test_events_whose_id_an_earlier_one_had()
    {
        await using var stack = await EmbeddedAppStack.StartAsync(Configuration());
        Load(stack, rows: 200, firstId: 1);
        var second = Load(stack, rows: 200, firstId: 1); // the same ids again, as loads did before they looked
        Assert.Equal(second.Test, Evaluate(stack).IdCollisions);
    }

    private static IConfiguration Configuration() => EmbeddedConfiguration.With();

    private static LoadResult Load(EmbeddedAppStack stack, int rows, long firstId)
    {
        using var registry = stack.Kafka.CreateRegistryClient();
        using var producer = EventLoader.CreateProducer(stack.Kafka, registry, "ids-load");
        return new EventLoader(producer, TimeProvider.System).Run(
            new LoadOptions { CsvPath = BundledSample.Path, Rows = rows, FirstEventId = firstId }, null, CancellationToken.None);
    }

    /// <summary>Evaluates with an untrained model published to the models topic: only the counting matters here.</summary>
    private static EvaluationResult Evaluate(EmbeddedAppStack stack)
    {
        var options = new SusyTopologyOptions();
        using (var registry = stack.Kafka.CreateRegistryClient())
        using (var producer = new ProducerBuilder<string, ModelSnapshot>(stack.Kafka.Producer("ids-model"))
                   .SetValueSerializer(new InlineSerializer<ModelSnapshot>(new AvroSerializer<ModelSnapshot>(registry))).Build())
        {
            var onnx = OnnxExporter.Export(new Learning.Model.OnlineClassifier(options.LearnerOptions()), new OnnxExportOptions { ModelVersion = "1", FeatureNames = SusyFeatures.Names });
            producer.Produce(options.ModelsTopic, new Message<string, ModelSnapshot>
            {
                Key = OnlineLearnerProcessor.ModelKey,
                Value = new ModelSnapshot { Version = 1, TrainedRecords = 0, CreatedAt = DateTimeOffset.UnixEpoch, Onnx = onnx, Metrics = new Dictionary<string, double>() },
            });
            Assert.Equal(0, producer.Flush(Timeout));
        }
        return new ModelEvaluator(stack.Kafka, options).Evaluate() ?? throw new InvalidOperationException("no model to evaluate with");
    }
}
