using SusyTopology.App.Topology;
using SusyTopology.Events;
using SusyTopology.Learning.Onnx;
using SusyTopology.Scoring;
using OnlineClassifier = SusyTopology.Learning.Model.OnlineClassifier;
using OnlineClassifierOptions = SusyTopology.Learning.Model.OnlineClassifierOptions;

namespace SusyTopology.App.Tests.Topology;

/// <summary>Which model the scorers serve: published by others, refused when broken, or pinned at start.</summary>
public class ModelServingTests
{
    /// <summary>A model of another architecture than the learner's (one hidden layer of 8), untrained: distinct scores.</summary>
    private static byte[] OtherModel() =>
        OnnxExporter.Export(new OnlineClassifier(new OnlineClassifierOptions { HiddenLayers = [8], Dropout = [0f], Seed = 11 }));

    private static ModelSnapshot Snapshot(long version, byte[] onnx) => new()
    {
        Version = version,
        TrainedRecords = 0,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_763_000_000_000),
        Onnx = onnx,
        Metrics = new Dictionary<string, double>(),
    };

    private static float ScoreWith(byte[] onnx, SusyEvent e)
    {
        using var model = ScoringModel.Load(onnx);
        var features = new float[SusyEventFeatures.Count];
        SusyEventFeatures.CopyTo(e, features);
        var probability = new float[1];
        model.Score(features, probability);
        return probability[0];
    }

    [Fact]
    public void A_model_published_by_someone_else_is_served_from_the_next_event()
    {
        using var h = new TopologyHarness();
        h.PipeMany(Split.TRAIN, 64); // the learner's version 1
        var other = OtherModel();
        h.PublishModel(Snapshot(100, other));
        var e = h.Pipe(h.NextEvent(Split.TEST));

        var prediction = h.PredictionValues.Single();
        Assert.Equal(100, prediction.ModelVersion);
        Assert.Equal(ScoreWith(other, e), prediction.Probability, 6);
        Assert.Equal(100, h.Holder.Current!.Version);
    }

    [Theory]
    [InlineData("not ONNX")]
    [InlineData("a regression on 3 features")]
    public void A_broken_published_model_is_refused_counted_and_the_previous_version_keeps_scoring(string kind)
    {
        using var h = new TopologyHarness();
        h.PipeMany(Split.TRAIN, 64);
        var bytes = kind == "not ONNX"
            ? [0x08, 0x07, 0xff, 0xff, 0x01]
            : OnnxExporter.Export(new OnlineClassifier(new OnlineClassifierOptions { HiddenLayers = [4], Dropout = [0f], InputSize = 3 }));
        h.PublishModel(Snapshot(50, bytes));
        h.PublishModel(Snapshot(50, bytes)); // a redelivery of the same version is not loaded or counted again
        var e = h.Pipe(h.NextEvent(Split.TEST));

        Assert.Equal(1, h.Counters.RejectedModels);
        var prediction = h.PredictionValues.Single();
        Assert.Equal(1, prediction.ModelVersion);
        Assert.Equal(ScoreWith(h.ModelValues[0].Onnx, e), prediction.Probability, 6);

        h.PipeMany(Split.TRAIN, 64 * 50); // the learner catches up past version 50: its versions are served again
        h.Pipe(h.NextEvent(Split.TEST));
        Assert.Equal(51, h.PredictionValues[^1].ModelVersion);
    }

    [Fact]
    public void A_pinned_model_scores_everything_and_publications_do_not_replace_it()
    {
        var pinned = OtherModel();
        using var h = new TopologyHarness(holder: ModelHolder.Pinned(new ServedModel(0, 0, ScoringModel.Load(pinned))));
        var early = h.Pipe(h.NextEvent(Split.TEST)); // no learner model yet, but nothing is held
        h.PipeMany(Split.TRAIN, 128);               // the learner publishes versions 1 and 2
        h.PublishModel(Snapshot(100, h.ModelValues[^1].Onnx));
        var late = h.Pipe(h.NextEvent(Split.TEST));

        Assert.Equal(0, h.Counters.HeldUnscored);
        Assert.Equal([2L], h.ModelValues.Select(m => m.Version).TakeLast(1)); // the learner still learns and publishes
        var predictions = h.Predictions.ToDictionary(p => p.Message.Key, p => p.Message.Value);
        Assert.All(predictions.Values, p => Assert.Equal(0, p.ModelVersion));
        Assert.Equal(ScoreWith(pinned, early), predictions[early.EventId].Probability, 6);
        Assert.Equal(ScoreWith(pinned, late), predictions[late.EventId].Probability, 6);
        Assert.True(h.Holder.IsPinned);
    }
}
