using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Tests;

public class StateTests
{
    private static OnlineClassifierOptions Options => new()
    {
        InputSize = 4,
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

    private static byte[] Save(OnlineClassifier model)
    {
        using var stream = new MemoryStream();
        model.SaveState(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Resuming_from_saved_state_is_bit_identical_to_never_stopping()
    {
        var (x, y) = OnlineClassifierTests.Blobs(400, 21);
        var original = new OnlineClassifier(Options);
        // 13 × 16 rows learned plus 7 left pending in the LearnOne buffer, replay buffer wrapped around.
        for (var r = 0; r < 215; r++) original.LearnOne(x.AsSpan(r * 4, 4), y[r]);
        Assert.Equal(7, original.PendingRecords);

        var saved = Save(original);
        var resumed = OnlineClassifier.LoadState(new MemoryStream(saved));
        Assert.Equal(saved, Save(resumed));
        Assert.Equal(original.TrainedRecords, resumed.TrainedRecords);
        Assert.Equal(original.Options.HiddenLayers, resumed.Options.HiddenLayers);

        for (var r = 215; r < 400; r++)
        {
            original.LearnOne(x.AsSpan(r * 4, 4), y[r]);
            resumed.LearnOne(x.AsSpan(r * 4, 4), y[r]);
        }
        original.Learn(x.AsSpan(0, 40 * 4), y.AsSpan(0, 40));
        resumed.Learn(x.AsSpan(0, 40 * 4), y.AsSpan(0, 40));
        Assert.Equal(original.NetworkState().Parameters, resumed.NetworkState().Parameters);
        Assert.Equal(original.NetworkState().Averaged, resumed.NetworkState().Averaged);
        Assert.Equal(Save(original), Save(resumed));
        var p1 = new float[400];
        var p2 = new float[400];
        original.PredictProba(x, p1);
        resumed.PredictProba(x, p2);
        Assert.Equal(p1, p2);
    }

    [Fact]
    public void A_model_restarted_without_its_state_diverges()
    {
        // Guards the test above: continuing from a fresh model with the same seed must not match by accident.
        var (x, y) = OnlineClassifierTests.Blobs(200, 22);
        var a = new OnlineClassifier(Options);
        a.Learn(x.AsSpan(0, 100 * 4), y.AsSpan(0, 100));
        var b = new OnlineClassifier(Options);
        a.Learn(x.AsSpan(100 * 4), y.AsSpan(100));
        b.Learn(x.AsSpan(100 * 4), y.AsSpan(100));
        Assert.NotEqual(a.NetworkState().Parameters, b.NetworkState().Parameters);
    }

    [Fact]
    public void Corrupt_or_foreign_state_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => OnlineClassifier.LoadState(new MemoryStream("not a model state"u8.ToArray())));
        var saved = Save(new OnlineClassifier(Options));
        Assert.Throws<InvalidDataException>(() => OnlineClassifier.LoadState(new MemoryStream(saved[..(saved.Length / 2)])));
    }
}
