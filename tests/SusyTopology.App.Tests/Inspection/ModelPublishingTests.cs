using SusyTopology.App.Evaluation;
using SusyTopology.App.Publishing;
using SusyTopology.App.Topology;
using SusyTopology.Learning.Onnx;
using SusyTopology.Scoring;
using OnlineClassifier = SusyTopology.Learning.Model.OnlineClassifier;
using OnlineClassifierOptions = SusyTopology.Learning.Model.OnlineClassifierOptions;

namespace SusyTopology.App.Tests.Inspection;

/// <summary>`susy publish-model` on the embedded cluster (its own, so the versions it publishes disturb no other test).</summary>
public sealed class ModelPublishingTests(InspectionCluster cluster) : IClassFixture<InspectionCluster>
{
    private static readonly Lock Sequential = new(); // the tests read and extend one topic's version sequence

    private static byte[] Model(int seed) =>
        OnnxExporter.Export(new OnlineClassifier(new OnlineClassifierOptions { HiddenLayers = [8], Dropout = [0f], Seed = (ulong)seed }));

    private ModelPublisher Publisher() => new(cluster.Settings, new SusyTopologyOptions(), TimeProvider.System);

    private ModelEvaluator Models() => new(cluster.Settings, new SusyTopologyOptions());

    [Fact]
    public void A_published_model_becomes_the_newest_version_on_the_topic_as_the_learner_would_publish_it()
    {
        lock (Sequential)
        {
            var before = Models().FindModel(null)?.Version ?? 0;
            var bytes = Model(2); // the export carries its creation time: keep the bytes to compare
            var first = Publisher().Publish(Model(1), logits: false);
            var second = Publisher().Publish(bytes, logits: false);

            Assert.Equal(before + 1, first.Version);
            Assert.Equal(before + 2, second.Version);
            Assert.Equal(first.Version, second.PreviousVersion);
            var newest = Models().FindModel(null)!;
            Assert.Equal(second.Version, newest.Version);
            Assert.Equal(bytes, newest.Onnx);
            Assert.Equal("probability", second.Contract.OutputName);
        }
    }

    [Fact]
    public void An_explicit_version_must_be_newer_than_the_topic_s_newest()
    {
        lock (Sequential)
        {
            var published = Publisher().Publish(Model(3), logits: false);
            var e = Assert.Throws<InvalidOperationException>(() => Publisher().Publish(Model(4), logits: false, version: published.Version));
            Assert.Contains("not newer", e.Message);
            Assert.Equal(published.Version + 10, Publisher().Publish(Model(4), logits: false, version: published.Version + 10).Version);
        }
    }

    [Fact]
    public void A_model_the_scorers_would_refuse_is_not_published()
    {
        lock (Sequential)
        {
            var before = Models().FindModel(null)?.Version;
            var narrow = OnnxExporter.Export(new OnlineClassifier(new OnlineClassifierOptions { HiddenLayers = [4], Dropout = [0f], InputSize = 17 }));
            var e = Assert.Throws<ScoringModelException>(() => Publisher().Publish(narrow, logits: false));
            Assert.Contains("17 features", e.Message);
            Assert.Equal(before, Models().FindModel(null)?.Version);
        }
    }
}
