using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Training;

/// <summary>The protocol <see cref="OfflineHarness"/> runs: epochs over a training split, or one online prequential pass.</summary>
public sealed record OfflineTrainingOptions
{
    /// <summary>Passes over the training rows (ignored by <see cref="Online"/>, which makes exactly one).</summary>
    public int Epochs { get; init; } = 15;

    /// <summary>One test-then-train pass in file order instead of shuffled epochs.</summary>
    public bool Online { get; init; }

    /// <summary>Reshuffle the training rows before each offline epoch (as Keras' <c>fit</c> does).</summary>
    public bool ShuffleEachEpoch { get; init; } = true;

    /// <summary>The network and optimiser. <see cref="ForOnline"/> and <see cref="ForOffline"/> hold the tuned defaults.</summary>
    public OnlineClassifierOptions Classifier { get; init; } = OfflineClassifier;

    /// <summary>
    /// Offline default: the tutorial's network (18→128→256→128→1, dropout 0.2/0.4/0.4) on mini-batches of 64, with
    /// Adam at 2e-3, He initialisation scaled by 0.3 and predictions from the weight average (decay 0.995).
    /// Measured on the 60/40 split of the bundled sample over 8 seeds: 78.9 % mean test accuracy after 10 epochs
    /// (78.6–79.1 %) and 79.1 % after 15 (78.9–79.2 %), against about 78.3 % for plain He init, Adam 1e-3 and raw weights.
    /// </summary>
    public static OnlineClassifierOptions OfflineClassifier { get; } = new()
    {
        LearningRate = 2e-3f,
        InitialWeightScale = 0.3f,
        WeightAveragingDecay = 0.995f,
    };

    /// <summary>
    /// Online default: the offline network and optimiser settings, but each new mini-batch of 32 is followed by 8
    /// replay steps on rows drawn from the last 4,096, so one pass over the stream extracts about as much as several
    /// epochs would; predictions use the weight average (decay 0.99). One pass over the 5,399 training rows of the
    /// sample, 8 seeds: 78.9 % mean test accuracy (78.6–79.1 %), ROC AUC ≥ 0.857.
    /// </summary>
    public static OnlineClassifierOptions OnlineClassifier { get; } = new()
    {
        LearningRate = 2e-3f,
        InitialWeightScale = 0.3f,
        BatchSize = 32,
        ReplayBufferSize = 4096,
        ReplayStepsPerBatch = 8,
        WeightAveragingDecay = 0.99f,
    };

    public static OfflineTrainingOptions ForOffline(int epochs = 15) => new() { Epochs = epochs, Classifier = OfflineClassifier };
    public static OfflineTrainingOptions ForOnline() => new() { Online = true, Epochs = 1, Classifier = OnlineClassifier };
}
