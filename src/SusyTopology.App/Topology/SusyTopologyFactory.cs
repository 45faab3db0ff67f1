using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SusyTopology.Events;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.State;

namespace SusyTopology.App.Topology;

/// <summary>
/// Builds the SUSY topology (see <c>susy describe</c>):
/// <code>
/// susy-events ─ validate ─┬─ invalid ──────────────────────────────────────────────► susy-dead-letter
///                         ├─ TRAIN ─ repartition(1) ─ learner ─┬─ snapshots ───────► susy-models
///                         │                                    └─ prequential ────► susy-prequential
///                         └─ TEST ── scorer (models global store) ─┬─ unscored ───► susy-dead-letter
///                                                                  └─ predictions ─► susy-predictions
///                                        predictions ─ repartition(1) ─ accuracy ─► susy-accuracy
/// susy-models ─► global store "models" (every instance, all partitions) ─► scorers
/// </code>
/// Training goes through a one-partition topic because there is one model: a single logical learner sees every
/// training event in order (as the tutorial's one-partition train topic does), while scoring scales with the
/// event topic's partitions. Accuracy is aggregated on one partition for the same reason: one global figure.
/// </summary>
public static class SusyTopologyFactory
{
    public const string ModelsStoreName = "models";

    /// <summary>The learner's node: its sub-topology runs on a stream thread of its own (see <c>Streams:DedicatedLearnerThread</c>).</summary>
    public const string LearnerNodeName = "learner";

    public static Streams.Topology Build(SusyTopologyOptions options, SusySerdes serdes, ModelHolder holder,
        TopologyCounters counters, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        options.Validate();
        time ??= TimeProvider.System;
        loggers ??= NullLoggerFactory.Instance;
        var builder = new StreamsBuilder();

        builder.AddGlobalStore(
            Stores.InMemoryKeyValueStore(ModelsStoreName, serdes.Text, serdes.Model).WithLoggingDisabled(),
            options.ModelsTopic,
            Consumed.With(serdes.Text, serdes.Model).WithName("models-source"),
            () => new ModelStoreUpdater(holder, counters));
        builder.AddStateStore(new JournalStoreBuilder(Stores.InMemoryKeyValueStore(OnlineLearnerProcessor.StoreName, serdes.Text, serdes.Bytes), options.CheckpointEveryRecords));
        builder.AddStateStore(Stores.InMemoryKeyValueStore(ScoringProcessor.HeldStoreName, serdes.EventId, serdes.Event));
        builder.AddStateStore(new JournalStoreBuilder(Stores.InMemoryKeyValueStore(AccuracyProcessor.StoreName, serdes.Text, serdes.Bytes), options.CheckpointEveryRecords));

        var toDeadLetter = Produced.With(serdes.EventId, serdes.Event).WithName("dead-letter-sink");
        var branches = builder
            .Stream(options.EventsTopic, Consumed.With(serdes.EventId, serdes.Event).WithName("events-source"))
            .ProcessValues(() => new ValidationProcessor(counters), Named.As("validate"))
            .Split(Named.As("split-"))
            .Branch((_, v) => v.Problem != null, Branched<long, ValidatedEvent>.As("invalid"))
            .Branch((_, v) => v.Event.Split == Split.TRAIN, Branched<long, ValidatedEvent>.As("train"))
            .DefaultBranch(Branched<long, ValidatedEvent>.As("test"));

        Branch(branches, "invalid").MapValues(v => v.Event, Named.As("invalid-event")).To(options.DeadLetterTopic, toDeadLetter);

        // TRAIN: one logical learner behind a one-partition repartition topic.
        var learned = Branch(branches, "train")
            .MapValues(v => v.Event, Named.As("train-event"))
            .Repartition(Repartitioned.With(serdes.EventId, serdes.Event).WithName(options.TrainRepartitionName).WithNumberOfPartitions(1))
            .Process(() => new OnlineLearnerProcessor(options, counters, time), Named.As(LearnerNodeName), OnlineLearnerProcessor.StoreName)
            .Split(Named.As("learned-"))
            .Branch((_, v) => v.Snapshot != null, Branched<string, LearnerOutput>.As("snapshot"))
            .DefaultBranch(Branched<string, LearnerOutput>.As("prequential"));
        Branch(learned, "snapshot").MapValues(v => v.Snapshot!, Named.As("snapshot"))
            .To(options.ModelsTopic, Produced.With(serdes.Text, serdes.Model).WithName("models-sink"));
        Branch(learned, "prequential").MapValues(v => v.Prequential!, Named.As("prequential-prediction"))
            .To(options.PrequentialTopic, Produced.With(serdes.Text, serdes.Prediction).WithName("prequential-sink"));

        // TEST: score with the newest model; hold events until one exists.
        var scored = Branch(branches, "test")
            .MapValues(v => v.Event, Named.As("test-event"))
            .Process(() => new ScoringProcessor(options, holder, counters, time), Named.As("scorer"), ScoringProcessor.HeldStoreName)
            .Split(Named.As("scored-"))
            .Branch((_, v) => v.Prediction != null, Branched<long, ScoreOutcome>.As("prediction"))
            .DefaultBranch(Branched<long, ScoreOutcome>.As("unscored"));
        Branch(scored, "unscored").MapValues(v => v.Unscored!, Named.As("unscored-event"))
            .To(options.DeadLetterTopic, toDeadLetter with { Name = "unscored-dead-letter-sink" });
        var predictions = Branch(scored, "prediction").MapValues(v => v.Prediction!, Named.As("prediction"));
        predictions.To(options.PredictionsTopic, Produced.With(serdes.EventId, serdes.Prediction).WithName("predictions-sink"));

        // Accuracy: every labelled prediction to one aggregator.
        predictions
            .Filter((_, p) => p.Label != null, Named.As("labelled"))
            .SelectKey((_, _) => "all", Named.As("accuracy-key"))
            .Repartition(Repartitioned.With(serdes.Text, serdes.Prediction).WithName(options.AccuracyRepartitionName).WithNumberOfPartitions(1))
            .Process(() => new AccuracyProcessor(options, loggers.CreateLogger<AccuracyProcessor>()), Named.As("accuracy"), AccuracyProcessor.StoreName)
            .To(options.AccuracyTopic, Produced.With(serdes.Text, serdes.Accuracy).WithName("accuracy-sink"));

        return builder.Build();
    }

    private static IKStream<TKey, TValue> Branch<TKey, TValue>(IReadOnlyDictionary<string, IKStream<TKey, TValue>> branches, string name) =>
        branches.Single(kv => kv.Key.EndsWith(name, StringComparison.Ordinal)).Value;
}
