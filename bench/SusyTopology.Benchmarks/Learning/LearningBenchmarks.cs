using BenchmarkDotNet.Attributes;
using SusyTopology.Learning.Data;
using SusyTopology.Learning.Kernels;
using SusyTopology.Learning.Model;

namespace SusyTopology.Benchmarks.Learning;

/// <summary>
/// Single-threaded throughput of the default network (18→128→256→128→1, dropout 0.2/0.4/0.4) on real SUSY rows:
/// one Adam step on a mini-batch of 64 (standardiser update, forward with dropout, backward, update), and
/// batched inference (1,024 rows per call) through the classifier; and the transpose
/// kernel on the largest weight matrix, which the backward pass runs for every layer at every step.
/// </summary>
[MemoryDiagnoser]
public class LearningBenchmarks
{
    public const int TrainBatch = 64;
    public const int InferBatch = 1024;

    private OnlineClassifier _classifier = null!;
    private float[] _features = null!;
    private int[] _labels = null!;
    private float[] _probabilities = null!;
    private readonly float[] _weights = new float[256 * 128];
    private readonly float[] _weightsTransposed = new float[256 * 128];
    private int _trainCursor, _inferCursor;

    [GlobalSetup]
    public void Setup()
    {
        var data = SusyCsv.Load(LearningBenchmarkGroup.SamplePath());
        _features = data.Features;
        _labels = data.Labels;
        _classifier = new OnlineClassifier(new OnlineClassifierOptions { BatchSize = TrainBatch });
        // A trained model, so the benchmark sees realistic activations (dead units, sparse gradients).
        _classifier.Learn(_features, _labels);
        _probabilities = new float[InferBatch];
    }

    [Benchmark(Description = "train step, batch 64")]
    public void TrainBatch64()
    {
        var f = SusyFeatures.Count;
        var batches = _labels.Length / TrainBatch;
        var start = _trainCursor++ % batches * TrainBatch;
        _classifier.Learn(_features.AsSpan(start * f, TrainBatch * f), _labels.AsSpan(start, TrainBatch));
    }

    [Benchmark(Description = "classifier inference, 1024 rows")]
    public void Infer1024() => _classifier.PredictProba(NextInferenceBatch(), _probabilities);

    [Benchmark(Description = "transpose 256×128")]
    public void Transpose256x128() => Sgemm.Transpose(_weights, _weightsTransposed, 256, 128);

    private ReadOnlySpan<float> NextInferenceBatch()
    {
        var f = SusyFeatures.Count;
        var batches = _labels.Length / InferBatch;
        var start = _inferCursor++ % batches * InferBatch;
        return _features.AsSpan(start * f, InferBatch * f);
    }
}
