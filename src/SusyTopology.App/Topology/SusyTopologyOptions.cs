using SusyTopology.App.Configuration;
using SusyTopology.Learning.Model;
using SusyTopology.Learning.Training;

namespace SusyTopology.App.Topology;

/// <summary>
/// Everything that shapes the SUSY topology, bound from the <c>Topology</c> configuration section. Defaults follow
/// the tutorial (mini-batches of 64) and what one learner on this machine sustains.
/// </summary>
public sealed class SusyTopologyOptions
{
    public const string SectionName = "Topology";

    public string ApplicationId { get; set; } = "susy-topology";
    public string EventsTopic { get; set; } = "susy-events";
    public string PredictionsTopic { get; set; } = "susy-predictions";
    public string AccuracyTopic { get; set; } = "susy-accuracy";
    public string ModelsTopic { get; set; } = "susy-models";
    public string DeadLetterTopic { get; set; } = "susy-dead-letter";
    public string PrequentialTopic { get; set; } = "susy-prequential";

    /// <summary>Score training events with the current model before learning them (test-then-train), to <see cref="PrequentialTopic"/>.</summary>
    public bool Prequential { get; set; }

    /// <summary>Publish a model snapshot after this many newly trained records…</summary>
    public int PublishEveryRecords { get; set; } = 1024;

    /// <summary>While the learner catches up with a backlog (see <see cref="CatchUpLag"/>), publish after this many instead:
    /// each snapshot costs an ONNX export and a few hundred kilobytes through Kafka and every scorer's model store, and
    /// models only a few milliseconds apart in a backlog differ little.</summary>
    public int PublishEveryRecordsWhileCatchingUp { get; set; } = 8192;

    /// <summary>…or after this long (wall clock) when anything was learned since the last one.</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Write the learner's full state (weights, Adam moments, standardiser, RNG) every this many records;
    /// the records in between are journaled one by one, so a restart replays them and resumes exactly. Also the
    /// accuracy aggregator's longest journal between two of its checkpoints.</summary>
    public int CheckpointEveryRecords { get; set; } = 16_384;

    /// <summary>Test events that arrive before any model exists are held, up to this many per task; beyond it they are
    /// sent to the dead-letter topic as unscored (never dropped silently).</summary>
    public int MaxHeldUnscored { get; set; } = 50_000;

    public TimeSpan AccuracyWindow { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan AccuracyGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often open accuracy windows and per-version totals are re-emitted while they change.</summary>
    public TimeSpan AccuracyReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The online learner. Defaults: the tutorial's 18→128→256→128→1 network with its dropout, standardised
    /// inputs (Welford), Adam, and each new mini-batch followed by replay steps on recent rows — what the tutorial's
    /// 3 epochs per mini-dataset do, without waiting for a whole mini-dataset — and predictions from an exponential
    /// average of the weights (<see cref="OfflineTrainingOptions.OnlineClassifier"/>, measured in the learning library).</summary>
    public int BatchSize { get; set; } = 64;
    public float LearningRate { get; set; } = OfflineTrainingOptions.OnlineClassifier.LearningRate;
    public int EpochsPerBatch { get; set; } = 1;
    public int ReplayBufferSize { get; set; } = OfflineTrainingOptions.OnlineClassifier.ReplayBufferSize;
    public int ReplayStepsPerBatch { get; set; } = OfflineTrainingOptions.OnlineClassifier.ReplayStepsPerBatch;
    public float InitialWeightScale { get; set; } = OfflineTrainingOptions.OnlineClassifier.InitialWeightScale;
    public float WeightAveragingDecay { get; set; } = OfflineTrainingOptions.OnlineClassifier.WeightAveragingDecay;
    public ulong Seed { get; set; } = 42;

    /// <summary>The <c>Learning</c> section (bound by <see cref="AppTopology.Options"/>): the learner's backend.</summary>
    public LearningOptions Learning { get; set; } = new();

    /// <summary>
    /// Input lag (records) beyond which the learner skips replay until it is back under half of it (see
    /// <see cref="ReplayGovernor"/>); 0 never skips. The default is above the bundled sample's 5,400 training events
    /// (so <c>make run</c> learns with full replay) and well inside the embedded broker's 5 MiB per partition.
    /// </summary>
    public long CatchUpLag { get; set; } = 10_000;

    /// <summary>The internal repartition topics (one partition each: one logical learner, one accuracy aggregator).</summary>
    public string TrainRepartitionName => "train";
    public string AccuracyRepartitionName => "accuracy";

    public OnlineClassifierOptions LearnerOptions() => OfflineTrainingOptions.OnlineClassifier with
    {
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        EpochsPerBatch = EpochsPerBatch,
        ReplayBufferSize = ReplayBufferSize,
        ReplayStepsPerBatch = ReplayStepsPerBatch,
        InitialWeightScale = InitialWeightScale,
        WeightAveragingDecay = WeightAveragingDecay,
        Seed = Seed,
    };

    public void Validate()
    {
        if (PublishEveryRecords < 1) throw new InvalidOperationException("Topology:PublishEveryRecords must be at least 1.");
        if (PublishEveryRecordsWhileCatchingUp < 1)
            throw new InvalidOperationException("Topology:PublishEveryRecordsWhileCatchingUp must be at least 1.");
        if (CheckpointEveryRecords < 1) throw new InvalidOperationException("Topology:CheckpointEveryRecords must be at least 1.");
        if (CatchUpLag < 0) throw new InvalidOperationException("Topology:CatchUpLag must not be negative.");
        if (MaxHeldUnscored < 0) throw new InvalidOperationException("Topology:MaxHeldUnscored must not be negative.");
        if (AccuracyWindow <= TimeSpan.Zero) throw new InvalidOperationException("Topology:AccuracyWindow must be positive.");
        if (AccuracyGrace < TimeSpan.Zero) throw new InvalidOperationException("Topology:AccuracyGrace must not be negative.");
        LearnerOptions().Validate();
    }
}
