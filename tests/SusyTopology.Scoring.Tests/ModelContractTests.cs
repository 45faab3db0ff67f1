namespace SusyTopology.Scoring.Tests;

/// <summary>Which models the scorer accepts, how it reads each output layout, and the errors for the ones it refuses.</summary>
public class ModelContractTests
{
    private const int Rows = 600; // more than two batches of 256, the last one partial
    private static readonly OnnxGraphs.Linear One = OnnxGraphs.Linear.Random(classes: 1);
    private static readonly OnnxGraphs.Linear Two = OnnxGraphs.Linear.Random(classes: 2);

    public static TheoryData<string> AcceptedLayouts() => ["sigmoid [N,1]", "sigmoid [N]", "softmax [N,2]", "label + softmax [N,2]", "fixed batch [1,18]",
        "sigmoid, output shape undeclared", "logits [N,1] by option", "logits [N,1] by metadata", "logits [N,1] marked by the writer"];

    [Theory]
    [MemberData(nameof(AcceptedLayouts))]
    public void Each_accepted_layout_scores_the_probability_of_signal(string layout)
    {
        var logits = new ScoringModelOptions { DefaultMeaning = OutputMeaning.Logit };
        var (bytes, options, layer) = layout switch
        {
            "sigmoid [N,1]" => (OnnxGraphs.SigmoidColumn(One), null, One),
            "sigmoid [N]" => (OnnxGraphs.SigmoidVector(One), null, One),
            "softmax [N,2]" => (OnnxGraphs.SoftmaxPair(Two), null, Two),
            "label + softmax [N,2]" => (OnnxGraphs.SoftmaxPair(Two, withLabel: true), null, Two),
            "fixed batch [1,18]" => (OnnxGraphs.SigmoidColumn(One, batch: 1L), null, One),
            "sigmoid, output shape undeclared" => (OnnxGraphs.SigmoidUndeclaredShape(One), null, One),
            "logits [N,1] by option" => (OnnxGraphs.LogitColumn(One), logits, One),
            "logits [N,1] by metadata" => (OnnxGraphs.LogitColumn(One, (ModelMetadataKeys.Output, ModelMetadataKeys.LogitValue)), null, One),
            "logits [N,1] marked by the writer" => (ModelMetadataWriter.WithEntry(OnnxGraphs.LogitColumn(One), ModelMetadataKeys.Output, ModelMetadataKeys.LogitValue), null, One),
            _ => throw new ArgumentException(layout),
        };
        using var model = ScoringModel.Load(bytes, options);
        var features = SampleRows.Features(Rows);
        var scores = new float[Rows];
        model.Score(features, scores);

        for (var r = 0; r < Rows; r++)
            Assert.True(Math.Abs(scores[r] - layer.Probability(features.AsSpan(r * 18, 18))) <= 1e-6,
                $"row {r}: {scores[r]} vs {layer.Probability(features.AsSpan(r * 18, 18))}");
        Assert.Contains(scores, p => p > 0.6f);
        Assert.Contains(scores, p => p < 0.4f);
        if (layout.StartsWith("label")) Assert.Equal(["label"], model.Contract.IgnoredOutputs);
        Assert.Equal(layout.StartsWith("fixed"), model.Contract.SingleRow);
    }

    public static TheoryData<string, string> RefusedModels() => new()
    {
        { "17 features", "takes rows of 17 features; SUSY events have 18" },
        { "double input", "Input 'x' is a Double tensor" },
        { "two inputs", "has 2 inputs" },
        { "label only", "no float tensor output" },
        { "three classes", "[N,3]" },
        { "logits not declared", "not a probability" },
        { "unknown output meaning", "neither 'probability' nor 'logit'" },
        { "fixed batch of 8", "fixed batch of 8 rows" },
        { "not ONNX", "ONNX Runtime cannot load the model" },
    };

    [Theory]
    [MemberData(nameof(RefusedModels))]
    public void A_model_outside_the_contract_is_refused_at_load_with_the_reason(string kind, string reason)
    {
        var bytes = kind switch
        {
            "17 features" => OnnxGraphs.SigmoidColumn(OnnxGraphs.Linear.Random(1, features: 17)),
            "double input" => OnnxGraphs.SigmoidColumn(One, inputType: OnnxGraphs.Double),
            "two inputs" => OnnxGraphs.TwoInputs(One),
            "label only" => OnnxGraphs.LabelOnly(Two),
            "three classes" => OnnxGraphs.SoftmaxPair(OnnxGraphs.Linear.Random(3), columns: 3),
            "logits not declared" => OnnxGraphs.LogitColumn(new OnnxGraphs.Linear(new float[18], [5f], 18)), // logit 5 on every row
            "unknown output meaning" => OnnxGraphs.SigmoidColumn(One, metadata: (ModelMetadataKeys.Output, "odds")),
            "fixed batch of 8" => OnnxGraphs.SigmoidColumn(One, batch: 8L),
            "not ONNX" => [0xff, 0xff, 0xff, 0x01, 0x02],
            _ => throw new ArgumentException(kind),
        };
        var e = Assert.Throws<ScoringModelException>(() => ScoringModel.Load(bytes));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void The_refusal_of_undeclared_logits_says_how_to_declare_them()
    {
        var e = Assert.Throws<ScoringModelException>(() => ScoringModel.Load(OnnxGraphs.LogitColumn(new OnnxGraphs.Linear(new float[18], [5f], 18))));
        Assert.Contains("--logits", e.Message);
        Assert.Contains(ModelMetadataKeys.Output, e.Message);
    }

    [Fact]
    public void The_metadata_writer_adds_an_entry_and_keeps_the_rest_of_the_model()
    {
        var plain = OnnxGraphs.SigmoidColumn(One, metadata: ("version", "4"));
        using var marked = ScoringModel.Load(ModelMetadataWriter.WithEntry(plain, "owner", "physics ü"));
        Assert.Equal("4", marked.Metadata["version"]);
        Assert.Equal("physics ü", marked.Metadata["owner"]);
        Assert.Equal("susy-scoring-tests", marked.ProducerName);
    }
}
