using SusyTopology.Learning.Data;
using SusyTopology.Learning.Model;
using SusyTopology.Learning.Onnx;

namespace SusyTopology.Scoring.Tests;

/// <summary>One classifier trained on 60 % of the real sample, shared (training it once keeps the tests fast).</summary>
public sealed class TrainedLearner
{
    public TrainedLearner()
    {
        // Weight averaging on, so the export must carry the averaged weights that PredictProba uses.
        Classifier = new OnlineClassifier(new OnlineClassifierOptions { Seed = 5, WeightAveragingDecay = 0.99f });
        var (train, _) = SampleRows.All.Split(0.4);
        Classifier.Learn(train.Features, train.Labels);
    }

    public OnlineClassifier Classifier { get; }
}

/// <summary>The project's own learner, exported by its ONNX writer, served by ONNX Runtime.</summary>
public class LearnerModelTests(TrainedLearner trained) : IClassFixture<TrainedLearner>
{
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private byte[] Export() => OnnxExporter.Export(trained.Classifier, new OnnxExportOptions { ModelVersion = "7", CreatedAt = Created });

    [Theory]
    [InlineData(1)]
    [InlineData(256)]
    public void Exported_model_scores_every_sample_row_within_1e5_of_the_learner(int batch)
    {
        var data = SampleRows.All;
        var ours = new float[data.Count];
        trained.Classifier.PredictProba(data.Features, ours);
        using var model = ScoringModel.Load(Export());
        using var scorer = model.CreateScorer(batch);
        var onnx = new float[data.Count];
        scorer.Score(data.Features, onnx);

        var worst = Enumerable.Range(0, data.Count).Max(i => Math.Abs(ours[i] - onnx[i]));
        Assert.True(worst <= 1e-5, $"largest difference {worst}");
        Assert.Contains(ours, p => p > 0.9f);
        Assert.Contains(ours, p => p < 0.1f);
    }

    [Fact]
    public void Exported_model_has_the_contract_and_metadata_the_writer_gives_it()
    {
        using var model = ScoringModel.Load(Export());
        var contract = model.Contract;
        Assert.Equal(("features", SusyFeatures.Count, false), (contract.InputName, contract.FeatureCount, contract.SingleRow));
        Assert.Equal(("probability", 1, 2, OutputMeaning.Probability), (contract.OutputName, contract.OutputColumns, contract.OutputRank, contract.Meaning));
        Assert.Empty(contract.IgnoredOutputs);
        Assert.Equal("7", model.Metadata[OnnxExporter.MetadataKeys.Version]);
        Assert.Equal(trained.Classifier.TrainedRecords.ToString(System.Globalization.CultureInfo.InvariantCulture),
            model.Metadata[OnnxExporter.MetadataKeys.TrainedRecords]);
    }
}
