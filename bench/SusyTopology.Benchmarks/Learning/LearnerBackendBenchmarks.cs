using BenchmarkDotNet.Attributes;
using SusyTopology.Learning.Backends;
using SusyTopology.Learning.Data;
using SusyTopology.Learning.Model;
using SusyTopology.Learning.Torch;

namespace SusyTopology.Benchmarks.Learning;

/// <summary>
/// The learner's backends side by side: one Adam step of the default network (18→128→256→128→1, dropout
/// 0.2/0.4/0.4) on a mini-batch of 64 real SUSY rows through <see cref="OnlineClassifier"/>, one thread each
/// (TorchSharp's libtorch is set to one intra-op thread). Allocations are managed bytes only: libtorch's own
/// tensors are native memory BenchmarkDotNet does not see.
/// </summary>
[MemoryDiagnoser]
public class LearnerBackendBenchmarks
{
    public const int TrainBatch = 64;

    private OnlineClassifier _classifier = null!;
    private float[] _features = null!;
    private int[] _labels = null!;
    private int _cursor;

    [Params(LearnerBackend.TorchSharp, LearnerBackend.Simd)]
    public LearnerBackend Backend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = SusyCsv.Load(LearningBenchmarkGroup.SamplePath());
        _features = data.Features;
        _labels = data.Labels;
        ILearnerBackendFactory factory = Backend == LearnerBackend.TorchSharp ? new TorchSharpBackendFactory() : new SimdBackendFactory();
        _classifier = new OnlineClassifier(new OnlineClassifierOptions { BatchSize = TrainBatch }, factory);
        // A trained model, so the benchmark sees realistic activations (dead units, sparse gradients).
        _classifier.Learn(_features, _labels);
    }

    [GlobalCleanup]
    public void Cleanup() => _classifier.Dispose();

    [Benchmark(Description = "train step, batch 64")]
    public void TrainBatch64()
    {
        var f = SusyFeatures.Count;
        var batches = _labels.Length / TrainBatch;
        var start = _cursor++ % batches * TrainBatch;
        _classifier.Learn(_features.AsSpan(start * f, TrainBatch * f), _labels.AsSpan(start, TrainBatch));
    }
}
