using SusyTopology.Learning.Data;
using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Tests;

/// <summary>One classifier trained for an epoch on the real SUSY sample, shared by the ONNX tests (training it once keeps them fast).</summary>
public sealed class TrainedFixture
{
    public TrainedFixture()
    {
        Data = SusyCsv.Load(ExternalTools.SampleCsv);
        // Weight averaging on, so the export must take the averaged weights that PredictProba uses.
        Classifier = new OnlineClassifier(new OnlineClassifierOptions { Seed = 5, WeightAveragingDecay = 0.99f });
        var (train, _) = Data.Split(0.4);
        Classifier.Learn(train.Features, train.Labels);
    }

    public SusyDataset Data { get; }
    public OnlineClassifier Classifier { get; }
}
