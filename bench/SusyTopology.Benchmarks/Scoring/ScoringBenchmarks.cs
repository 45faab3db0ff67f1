using BenchmarkDotNet.Attributes;
using SusyTopology.Learning.Data;
using SusyTopology.Learning.Model;
using SusyTopology.Learning.Onnx;
using SusyTopology.Scoring;

namespace SusyTopology.Benchmarks.Scoring;

/// <summary>
/// The scorer's hot path on ONNX Runtime, one thread: a <see cref="BatchScorer"/> (IOBinding over pinned buffers,
/// one intra-op thread, all graph optimisations) scoring real SUSY rows with the learner's default network
/// (18→128→256→128→1) after one pass over the sample — one event at a time as it arrives, and 256 held events.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    [Params(1, 256)]
    public int Batch { get; set; }

    private ScoringModel _model = null!;
    private BatchScorer _scorer = null!;
    private float[] _features = null!;
    private float[] _probabilities = null!;
    private int _rows, _cursor;

    [GlobalSetup]
    public void Setup()
    {
        var data = SusyCsv.Load(ScoringBenchmarkGroup.SamplePath());
        (_features, _rows) = (data.Features, data.Count);
        var classifier = new OnlineClassifier(new OnlineClassifierOptions());
        classifier.Learn(data.Features, data.Labels); // trained weights: realistic activations
        _model = ScoringModel.Load(OnnxExporter.Export(classifier));
        _scorer = _model.CreateScorer(Batch);
        _probabilities = new float[Batch];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scorer.Dispose();
        _model.Dispose();
    }

    [Benchmark(Description = "ORT scorer")]
    public void Score()
    {
        var f = SusyFeatures.Count;
        var start = _cursor++ % (_rows / Batch) * Batch;
        _scorer.Score(_features.AsSpan(start * f, Batch * f), _probabilities);
    }
}
