using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Stream;
using SusyTopology.Events;
using SusyTopology.Learning.Backends;
using SusyTopology.State;

namespace SusyTopology.App.Topology;

/// <summary>
/// Builds the SUSY topology on Streamiz (see <c>susy describe</c>):
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
    public const string LearnerNodeName = "learner";

    public static Streamiz.Kafka.Net.Stream.Topology Build(SusyTopologyOptions options, SusySerdes serdes, ModelHolder holder,
        TopologyCounters counters, IInputLag lag, TimeProvider? time = null, ILoggerFactory? loggers = null,
        ILearnerBackendFactory? backend = null)
    {
        options.Validate();
        // Created here, before any stream thread starts: a backend that cannot load fails the build of the topology.
        var learnerBackend = backend ?? options.Learning.CreateBackend();
        var clock = time ?? TimeProvider.System;
        var logs = loggers ?? NullLoggerFactory.Instance;
        var builder = new StreamBuilder();

        builder.AddGlobalStore(
            Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore(ModelsStoreName), serdes.Text, serdes.Model),
            options.ModelsTopic,
            ProcessorFactory.Processor(() => new ModelStoreUpdater(holder, counters)),
            serdes.Text, serdes.Model, named: "models");

        var branches = builder
            .Stream(options.EventsTopic, serdes.Bytes, serdes.Bytes, "events-source")
            .Transform(ProcessorFactory.Transformer(() => new ValidationProcessor(serdes.EventId, serdes.Event, counters, lag)), "validate")
            .Branch("split-",
                (_, v, _) => v.Problem != null,
                (_, v, _) => v.Valid.Split == Split.TRAIN,
                (_, _, _) => true);
        var (invalid, train, test) = (branches[0], branches[1], branches[2]);

        // Rejected records go to the dead-letter topic as they arrived, the reason in their headers.
        invalid.Map((_, v, _) => KeyValuePair.Create(v.RawKey!, v.RawValue!), "invalid-event")
            .To(options.DeadLetterTopic, serdes.Bytes, serdes.Bytes, "dead-letter-sink");

        // TRAIN: one logical learner behind a one-partition repartition topic.
        var learned = train
            .MapValues((v, _) => v.Valid, "train-event")
            .Repartition(Repartitioned<long, SusyEvent>.As(options.TrainRepartitionName)
                .WithKeySerdes(serdes.EventId).WithValueSerdes(serdes.InternalEvent).WithNumberOfPartitions(1))
            .Transform(ProcessorFactory.Transformer(() => new OnlineLearnerProcessor(options, learnerBackend, counters, clock, lag),
                new JournalStoreBuilder(OnlineLearnerProcessor.StoreName, options.CheckpointEveryRecords)), LearnerNodeName)
            .Branch("learned-", (_, v, _) => v.Snapshot != null, (_, _, _) => true);
        learned[0].MapValues((v, _) => v.Snapshot!, "snapshot")
            .To(options.ModelsTopic, serdes.Text, serdes.Model, "models-sink");
        learned[1].MapValues((v, _) => v.Prequential!, "prequential-prediction")
            .To(options.PrequentialTopic, serdes.Text, serdes.Prediction, "prequential-sink");

        // TEST: score with the newest model; hold events until one exists.
        var scored = test
            .MapValues((v, _) => v.Valid, "test-event")
            .Transform(ProcessorFactory.Transformer(() => new ScoringProcessor(options, holder, counters, clock),
                Stores.KeyValueStoreBuilder(Stores.InMemoryKeyValueStore(ScoringProcessor.HeldStoreName), serdes.EventId, serdes.InternalEvent)), "scorer")
            .Branch("scored-", (_, v, _) => v.Prediction != null, (_, _, _) => true);
        scored[1].MapValues((v, _) => v.Unscored!, "unscored-event")
            .To(options.DeadLetterTopic, serdes.EventId, serdes.Event, "unscored-dead-letter-sink");
        var predictions = scored[0].MapValues((v, _) => v.Prediction!, "prediction");
        predictions.To(options.PredictionsTopic, serdes.EventId, serdes.Prediction, "predictions-sink");

        // Accuracy: every labelled prediction to one aggregator.
        predictions
            .Filter((_, p, _) => p.Label != null, "labelled")
            .SelectKey((_, _, _) => "all", "accuracy-key")
            .Repartition(Repartitioned<string, Prediction>.As(options.AccuracyRepartitionName)
                .WithKeySerdes(serdes.Text).WithValueSerdes(serdes.InternalPrediction).WithNumberOfPartitions(1))
            .Transform(ProcessorFactory.Transformer(() => new AccuracyProcessor(options, counters, logs.CreateLogger<AccuracyProcessor>()),
                new JournalStoreBuilder(AccuracyProcessor.StoreName, options.CheckpointEveryRecords)), "accuracy")
            .To(options.AccuracyTopic, serdes.Text, serdes.Accuracy, "accuracy-sink");

        return builder.Build();
    }
}
