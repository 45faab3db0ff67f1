using System.Globalization;
using Confluent.Kafka;
using SusyTopology.App.Configuration;
using SusyTopology.App.Evaluation;
using SusyTopology.App.Topology;
using SusyTopology.Avro.Confluent;
using SusyTopology.Events;
using SusyTopology.Learning.Onnx;
using SusyTopology.Scoring;

namespace SusyTopology.App.Publishing;

/// <summary>A user's model as published by <see cref="ModelPublisher"/>.</summary>
/// <param name="PreviousVersion">The newest version on the topic before it (null: none).</param>
public sealed record ModelPublication(long Version, long? PreviousVersion, int SizeBytes, ModelContract Contract, DateTimeOffset CreatedAt);

/// <summary>
/// `susy publish-model`: puts a user's ONNX model on the models topic as the learner does (same key, same
/// <see cref="ModelSnapshot"/> record), so every running app that does not pin a model swaps to it. The model is
/// validated first exactly as the scorers will load it; its version is the topic's newest plus one unless given.
/// </summary>
public sealed class ModelPublisher(KafkaSettings kafka, SusyTopologyOptions options, TimeProvider time)
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    /// <exception cref="ScoringModelException">The model would not be served (the reason says why).</exception>
    /// <exception cref="InvalidOperationException">The given version is not newer than the topic's newest.</exception>
    public ModelPublication Publish(byte[] onnx, bool logits, long? version = null, CancellationToken ct = default)
    {
        var bytes = Prepare(onnx, logits);
        using var model = ScoringModel.Load(bytes); // what the scorers will load, metadata included
        var newest = new ModelEvaluator(kafka, options).FindModel(null, ct)?.Version;
        if (version is { } v && v <= newest)
            throw new InvalidOperationException($"Version {v} is not newer than version {newest} on {options.ModelsTopic}: running apps would not serve it.");
        if (version is < 1) throw new InvalidOperationException("Model versions start at 1.");
        var chosen = version ?? (newest ?? 0) + 1;
        var createdAt = time.GetUtcNow();
        var snapshot = new ModelSnapshot
        {
            Version = chosen,
            TrainedRecords = TrainedRecords(model),
            CreatedAt = createdAt,
            Onnx = bytes,
            Metrics = new Dictionary<string, double>(),
        };
        using var registry = kafka.CreateRegistryClient();
        using var producer = new ProducerBuilder<string, ModelSnapshot>(kafka.Producer("susy-publish-model"))
            .SetKeySerializer(Serializers.Utf8)
            .SetValueSerializer(new MemoizedAvroSerializer<ModelSnapshot>(registry, kafka.SerializerConfig()))
            .Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DeliveryTimeout);
        producer.ProduceAsync(options.ModelsTopic, new Message<string, ModelSnapshot> { Key = OnlineLearnerProcessor.ModelKey, Value = snapshot }, timeout.Token)
            .GetAwaiter().GetResult();
        return new ModelPublication(chosen, newest, bytes.Length, model.Contract, createdAt);
    }

    /// <summary>With --logits, the model says so in its own metadata, so every app that loads it reads it right.</summary>
    private static byte[] Prepare(byte[] onnx, bool logits)
    {
        if (!logits) return onnx;
        using var model = ScoringModel.Load(onnx, new ScoringModelOptions { DefaultMeaning = OutputMeaning.Logit });
        if (model.Contract.Meaning != OutputMeaning.Logit)
            throw new ScoringModelException($"--logits, but the model's metadata says {ModelMetadataKeys.Output}={ModelMetadataKeys.ProbabilityValue}.");
        return model.Metadata.ContainsKey(ModelMetadataKeys.Output)
            ? onnx
            : ModelMetadataWriter.WithEntry(onnx, ModelMetadataKeys.Output, ModelMetadataKeys.LogitValue);
    }

    private static long TrainedRecords(ScoringModel model) =>
        model.Metadata.TryGetValue(OnnxExporter.MetadataKeys.TrainedRecords, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
