using Confluent.Kafka;
using Confluent.SchemaRegistry.Serdes;
using SusyTopology.App.Configuration;
using SusyTopology.App.Serdes;
using SusyTopology.App.Topology;
using SusyTopology.Avro.Confluent;
using SusyTopology.Events;
using SusyTopology.Learning.Metrics;
using SusyTopology.Scoring;

namespace SusyTopology.App.Evaluation;

/// <summary>The final model's scores on all TEST events (the tutorial's <c>model.evaluate</c>).</summary>
/// <param name="IdCollisions">TEST events whose event id an earlier TEST event already had: two loads that reused ids.</param>
/// <param name="TestEventIds">The ids of the TEST events scored (for <see cref="PredictionCoverage"/>).</param>
public sealed record EvaluationResult(long ModelVersion, long TrainedRecords, long TestEvents, double Accuracy, double Auc, double LogLoss,
    long IdCollisions, IReadOnlySet<long> TestEventIds);

/// <summary>
/// Re-reads the TEST events from the events topic and scores them with one model snapshot from the models topic (the
/// newest, or a given version): the accuracy of the final model, as opposed to the predictions made while it learned.
/// </summary>
public sealed class ModelEvaluator(KafkaSettings kafka, SusyTopologyOptions options)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private const int Batch = 256;

    public ModelSnapshot? FindModel(long? version, CancellationToken ct = default)
    {
        using var registry = kafka.CreateRegistryClient();
        ModelSnapshot? chosen = null;
        foreach (var r in TopicReader.ReadAll(kafka.Consumer("susy-evaluate", "susy-evaluate-models"), options.ModelsTopic,
                     Deserializers.Utf8, new MemoizedAvroDeserializer<ModelSnapshot>(registry, kafka.DeserializerConfig()), ReadTimeout, ct))
        {
            var snapshot = r.Message.Value;
            if (snapshot == null) continue;
            if (version is { } v ? snapshot.Version == v : chosen == null || snapshot.Version > chosen.Version) chosen = snapshot;
        }
        return chosen;
    }

    public EvaluationResult? Evaluate(long? version = null, CancellationToken ct = default)
    {
        var snapshot = FindModel(version, ct);
        if (snapshot == null) return null;
        using var model = ScoringModel.Load(snapshot.Onnx);
        return Evaluate(model, snapshot.Version, snapshot.TrainedRecords, ct);
    }

    /// <summary>Scores every TEST event with a loaded model (a pinned one, or a snapshot from the topic) on ONNX Runtime.</summary>
    /// <param name="version">The version reported for it (a pinned model's is 0: it is not one of the topic's).</param>
    public EvaluationResult Evaluate(ScoringModel model, long version, long trainedRecords, CancellationToken ct = default)
    {
        using var scorer = model.CreateScorer(Batch);
        var accuracy = new Accuracy();
        var logLoss = new LogLoss();
        var auc = new RocAuc();
        var features = new float[Batch * SusyEventFeatures.Count];
        var labels = new int[Batch];
        var probabilities = new float[Batch];
        var rows = 0;
        var ids = new HashSet<long>();
        long collisions = 0;

        using var registry = kafka.CreateRegistryClient();
        foreach (var r in TopicReader.ReadAll(kafka.Consumer("susy-evaluate", "susy-evaluate-events"), options.EventsTopic,
                     Deserializers.ByteArray, new LenientEventDeserializer(new MemoizedAvroDeserializer<SusyEvent>(registry, kafka.DeserializerConfig())), ReadTimeout, ct))
        {
            var e = r.Message.Value;
            if (e == null || e.Split != Split.TEST || e.Label is not { } label || EventValidation.Problem(e) != null) continue;
            if (!ids.Add(e.EventId)) collisions++;
            SusyEventFeatures.CopyTo(e, features.AsSpan(rows * SusyEventFeatures.Count, SusyEventFeatures.Count));
            labels[rows++] = label;
            if (rows == Batch) Flush();
        }
        Flush();
        return new EvaluationResult(version, trainedRecords, auc.Count, accuracy.Value, auc.Value, logLoss.Value, collisions, ids);

        void Flush()
        {
            if (rows == 0) return;
            scorer.Score(features.AsSpan(0, rows * SusyEventFeatures.Count), probabilities.AsSpan(0, rows));
            for (var i = 0; i < rows; i++)
            {
                accuracy.Update(labels[i], probabilities[i]);
                logLoss.Update(labels[i], probabilities[i]);
                auc.Update(labels[i], probabilities[i]);
            }
            rows = 0;
        }
    }

    /// <summary>Evaluation skips what the app dead-letters (undecodable records) instead of failing on them; keys are not
    /// read at all (the event carries its id), so a key that is not an id does not stop it either.</summary>
    private sealed class LenientEventDeserializer(IDeserializer<SusyEvent> inner) : IDeserializer<SusyEvent>
    {
        public SusyEvent Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
        {
            try
            {
                return inner.Deserialize(data, isNull, context);
            }
            catch (Exception e) when (UndecodableRecord.IsRecordsFault(e))
            {
                return null!;
            }
        }
    }
}
