using SusyTopology.Learning.Backends;
using SusyTopology.Learning.Model;
using SusyTopology.Learning.Onnx;
using SusyTopology.Scoring;

namespace SusyTopology.Learning.Torch.Tests;

/// <summary>What every learner backend must do; one subclass per backend runs it.</summary>
public abstract class LearnerBackendContract
{
    protected abstract ILearnerBackendFactory Factory { get; }

    /// <summary>Dropout, replay, averaging, weight decay and a learning-rate schedule: every part of the state in play.</summary>
    internal static OnlineClassifierOptions Options => new()
    {
        InputSize = Blobs.Features,
        HiddenLayers = [16, 8],
        Dropout = [0.2f, 0.3f],
        BatchSize = 16,
        LearningRate = 3e-3f,
        Seed = 99,
        ReplayBufferSize = 50,
        ReplayStepsPerBatch = 2,
        WeightAveragingDecay = 0.9f,
        WeightDecay = 1e-3f,
        LearningRateDecay = 1e-3f,
    };

    private OnlineClassifier New() => new(Options, Factory);

    private OnlineClassifier Load(byte[] state) => OnlineClassifier.LoadState(new MemoryStream(state), Factory);

    internal static byte[] Save(OnlineClassifier model)
    {
        using var stream = new MemoryStream();
        model.SaveState(stream);
        return stream.ToArray();
    }

    private static void Feed(OnlineClassifier model, float[] x, int[] y, int from, int to)
    {
        for (var r = from; r < to; r++) model.LearnOne(x.AsSpan(r * 4, 4), y[r]);
    }

    private static byte[] Onnx(OnlineClassifier model) =>
        OnnxExporter.Export(model, new OnnxExportOptions { ModelVersion = "1", CreatedAt = DateTimeOffset.UnixEpoch });

    [Fact]
    public void Restore_is_exact_weights_moments_standardiser_and_rng()
    {
        var (x, y) = Blobs.Make(400, 21);
        using var original = New();
        Feed(original, x, y, 0, 215); // 13 mini-batches, 7 rows pending, the replay ring wrapped
        Assert.Equal(Factory.Backend, original.Backend);
        var saved = Save(original);
        using var restored = Load(saved);

        Assert.Equal(saved, Save(restored)); // standardiser, counters, RNG words, pending rows and replay ring
        var (a, b) = (original.NetworkState(), restored.NetworkState());
        Assert.Equal(a.Steps, b.Steps);
        Assert.Equal(Bits(a.Parameters), Bits(b.Parameters));
        Assert.Equal(Bits(a.Averaged!), Bits(b.Averaged!));
        Assert.Equal(Bits(a.FirstMoment), Bits(b.FirstMoment));
        Assert.Equal(Bits(a.SecondMoment), Bits(b.SecondMoment));
        Assert.True(a.Steps > 0 && a.FirstMoment.Any(m => m != 0f) && a.SecondMoment.Any(v => v != 0f));

        // The RNG is restored too: the next mini-batches draw the same dropout masks and replay rows.
        Feed(original, x, y, 215, 400);
        Feed(restored, x, y, 215, 400);
        Assert.Equal(Save(original), Save(restored));
    }

    [Fact]
    public void A_restarted_learner_publishes_the_same_snapshots_as_an_uninterrupted_one()
    {
        var (x, y) = Blobs.Make(600, 3);
        using var uninterrupted = New();
        var expected = new List<byte[]>();
        for (var part = 0; part < 3; part++)
        {
            Feed(uninterrupted, x, y, part * 200, part * 200 + 200);
            expected.Add(Onnx(uninterrupted));
        }

        var learner = New();
        var actual = new List<byte[]>();
        for (var part = 0; part < 3; part++)
        {
            Feed(learner, x, y, part * 200, part * 200 + 200);
            actual.Add(Onnx(learner));
            var state = Save(learner); // a restart after every snapshot
            learner.Dispose();
            learner = Load(state);
        }
        learner.Dispose();
        Assert.Equal(expected, actual);
        Assert.NotEqual(expected[0], expected[2]);
    }

    [Fact]
    public void The_exported_onnx_model_agrees_with_the_backends_own_predictions()
    {
        var (x, y) = Blobs.Make(1500, 5);
        using var model = New();
        model.Learn(x, y);
        var (tx, _) = Blobs.Make(700, 6); // more than one inference chunk of 256 rows
        var own = new float[700];
        model.PredictProba(tx, own);
        var onnx = new float[700];
        using (var served = ScoringModel.Load(Onnx(model), new ScoringModelOptions { FeatureCount = Blobs.Features }))
            served.Score(tx, onnx);
        var largest = own.Zip(onnx, (p, q) => Math.Abs(p - q)).Max();
        Assert.True(largest <= 1e-5, $"largest |p_backend − p_onnx| = {largest:E2}");
    }

    [Fact]
    public void Learns_and_is_deterministic_for_a_seed()
    {
        var (x, y) = Blobs.Make(2000, 1);
        using var a = New();
        using var b = New();
        a.Learn(x, y);
        b.Learn(x, y);
        Assert.Equal(Save(a), Save(b));
        var (tx, ty) = Blobs.Make(1000, 2);
        var p = new float[1000];
        a.PredictProba(tx, p);
        var accuracy = p.Select((q, i) => (q >= 0.5f ? 1 : 0) == ty[i]).Count(ok => ok) / 1000.0;
        Assert.True(accuracy > 0.95, $"accuracy {accuracy:P1} on separable blobs");
    }

    [Fact]
    public void A_state_from_the_other_backend_is_refused_by_name()
    {
        ILearnerBackendFactory other = Factory.Backend == LearnerBackend.Simd ? new TorchSharpBackendFactory() : new SimdBackendFactory();
        using var written = new OnlineClassifier(Options, other);
        var e = Assert.Throws<LearnerBackendMismatchException>(() => Load(Save(written)));
        Assert.Contains($"Learning:Backend={LearnerBackends.Name(other.Backend)}", e.Message);
        Assert.Equal(other.Backend, e.WrittenBy);
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}

public sealed class SimdBackendContract : LearnerBackendContract
{
    protected override ILearnerBackendFactory Factory { get; } = new SimdBackendFactory();
}

public sealed class TorchSharpBackendContract : LearnerBackendContract
{
    protected override ILearnerBackendFactory Factory { get; } = new TorchSharpBackendFactory();
}
