using System.Text.Json;
using Confluent.Kafka;
using SusyTopology.App.Evaluation;
using SusyTopology.App.Inspection;
using SusyTopology.App.Topology;
using SusyTopology.Events;
using SusyTopology.Learning.Onnx;
using SusyTopology.Scoring;
using OnlineClassifier = SusyTopology.Learning.Model.OnlineClassifier;
using OnlineClassifierOptions = SusyTopology.Learning.Model.OnlineClassifierOptions;

namespace SusyTopology.App.Tests.Inspection;

/// <summary>`susy export-model` and `susy evaluate` on the embedded cluster: snapshots on susy-models, events on susy-events.</summary>
public sealed class ModelInspectionTests(InspectionCluster cluster) : IClassFixture<InspectionCluster>
{
    private const int TestEvents = 300;

    /// <summary>Two snapshots of small, differently trained classifiers, and labelled TRAIN and TEST events.</summary>
    private (byte[] V1, byte[] V2) Seed() => cluster.SeedOnce(InspectionCluster.Models, () =>
    {
        var random = new Random(7);
        var events = Enumerable.Range(0, TestEvents + 100).Select(i =>
        {
            var label = random.Next(2);
            // Signal events have a larger first feature, so a trained model scores better than chance.
            var features = Enumerable.Range(0, SusyEventFeatures.Count).Select(_ => (float)random.NextDouble()).ToArray();
            features[0] += label;
            return SusyEventFeatures.ToEvent(i, i < TestEvents ? Split.TEST : Split.TRAIN, label, features, DateTimeOffset.UnixEpoch.AddSeconds(i));
        }).ToList();
        var classifier = new OnlineClassifier(new OnlineClassifierOptions { HiddenLayers = [8], Dropout = [0f], LearningRate = 0.01f, Seed = 1 });
        var v1 = OnnxExporter.Export(classifier);
        foreach (var e in events.Where(e => e.Split == Split.TRAIN))
            for (var epoch = 0; epoch < 20; epoch++) classifier.LearnOne(Features(e), e.Label!.Value);
        classifier.FlushPending();
        var v2 = OnnxExporter.Export(classifier);
        cluster.Produce(InspectionCluster.Models, Serializers.Utf8,
        [
            new Message<string, ModelSnapshot> { Key = "model", Value = Snapshot(1, 0, v1) },
            new Message<string, ModelSnapshot> { Key = "model", Value = Snapshot(2, 100, v2) },
        ]);
        cluster.Produce(InspectionCluster.Events, Serializers.Int64, events.Select(e => new Message<long, SusyEvent> { Key = e.EventId, Value = e }));
        return (v1, v2);
    });

    private static float[] Features(SusyEvent e)
    {
        var features = new float[SusyEventFeatures.Count];
        SusyEventFeatures.CopyTo(e, features);
        return features;
    }

    private static ModelSnapshot Snapshot(long version, long trained, byte[] onnx) => new()
    {
        Version = version,
        TrainedRecords = trained,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_763_000_000_000 + version),
        Onnx = onnx,
        Metrics = new Dictionary<string, double> { ["train_loss"] = 0.5 / version },
    };

    private ModelEvaluator Models() => new(cluster.Settings, new SusyTopologyOptions());

    [Fact]
    public void Export_writes_the_newest_snapshot_as_an_onnx_file_the_runtime_loads()
    {
        Seed();
        var path = Path.Combine(Path.GetTempPath(), $"susy-export-{Guid.NewGuid():N}", "model.onnx");
        var output = new StringWriter();
        try
        {
            var exported = ModelExport.Run(Models(), null, path, output);

            Assert.NotNull(exported);
            Assert.Equal(2, exported.Version);
            Assert.Equal(100, exported.TrainedRecords);
            using var model = ScoringModel.Load(path);
            Assert.Equal(SusyEventFeatures.Count, model.Contract.FeatureCount);
            Assert.Equal(File.ReadAllBytes(path).Length, exported.SizeBytes);
            var report = output.ToString();
            Assert.Contains("model version", report);
            Assert.Contains("2025-11-13", report); // created_at of the snapshot, 1,763,000,000,002 ms
            Assert.Contains("train_loss", report);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Export_of_a_given_version_writes_that_snapshot_and_an_unknown_version_writes_nothing()
    {
        var (v1, _) = Seed();
        var path = Path.Combine(Path.GetTempPath(), $"susy-export-{Guid.NewGuid():N}.onnx");
        try
        {
            var exported = ModelExport.Run(Models(), 1, path, TextWriter.Null);
            Assert.Equal(1, exported!.Version);
            Assert.Equal(v1, File.ReadAllBytes(path));

            var output = new StringWriter();
            File.Delete(path);
            Assert.Null(ModelExport.Run(Models(), 99, path, output));
            Assert.False(File.Exists(path));
            Assert.Contains("No model version 99", output.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Evaluate_scores_every_test_event_with_the_chosen_model()
    {
        var (_, v2) = Seed();
        var result = Models().Evaluate();

        Assert.NotNull(result);
        Assert.Equal(2, result.ModelVersion);
        Assert.Equal(TestEvents, result.TestEvents);
        // The same model applied directly to the same events: the evaluator neither drops nor mixes up events.
        using var model = ScoringModel.Load(v2);
        var expected = ExpectedAccuracy(model);
        Assert.Equal(expected, result.Accuracy, 9);
        Assert.True(result.Accuracy > 0.7, $"a trained model separates the synthetic classes (accuracy {result.Accuracy})");

        var output = new StringWriter();
        EvaluationReport.Print(result, output);
        Assert.Matches(@"model version\s+│\s+2\s", output.ToString());
        Assert.Contains(result.Accuracy.ToString("P2", System.Globalization.CultureInfo.InvariantCulture), output.ToString());
        var json = JsonDocument.Parse(EvaluationReport.ToJson(result)).RootElement;
        Assert.Equal(TestEvents, json.GetProperty("test_events").GetInt64());
        Assert.Equal(result.Accuracy, json.GetProperty("accuracy").GetDouble());
    }

    private double ExpectedAccuracy(ScoringModel model)
    {
        var random = new Random(7);
        var correct = 0;
        var probability = new float[1];
        for (var i = 0; i < TestEvents; i++)
        {
            var label = random.Next(2);
            var features = Enumerable.Range(0, SusyEventFeatures.Count).Select(_ => (float)random.NextDouble()).ToArray();
            features[0] += label;
            // Through the Avro event, as the evaluator sees it (features travel as doubles).
            var e = SusyEventFeatures.ToEvent(i, Split.TEST, label, features, DateTimeOffset.UnixEpoch);
            model.Score(Features(e), probability);
            if ((probability[0] >= 0.5f ? 1 : 0) == label) correct++;
        }
        return correct / (double)TestEvents;
    }

    [Fact]
    public void Tail_of_the_models_topic_abbreviates_the_onnx_bytes()
    {
        var (v1, _) = Seed();
        var output = new StringWriter();
        new TopicTail(cluster.Settings.Consumer("susy-tail-test", "susy-tail-test"), cluster.Registry)
            .Run(new TailSettings { Topic = InspectionCluster.Models, FromBeginning = true, Max = 1 }, output);

        var first = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal($"<{v1.Length:N0} bytes>", first.GetProperty("onnx").GetString());
        Assert.Equal(0.5, first.GetProperty("metrics").GetProperty("train_loss").GetDouble());
        Assert.Equal(1_763_000_000_001, first.GetProperty("created_at").GetInt64());
    }
}
