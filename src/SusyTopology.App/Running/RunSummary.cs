using System.Text.Json;
using System.Text.Json.Serialization;

namespace SusyTopology.App.Running;

/// <summary>What `susy run` reports at the end (also written as JSON with these snake_case keys).</summary>
public sealed record RunSummary
{
    [JsonPropertyName("events")] public long Events { get; init; }
    [JsonPropertyName("train")] public long Train { get; init; }
    [JsonPropertyName("test")] public long Test { get; init; }
    [JsonPropertyName("invalid")] public long Invalid { get; init; }
    [JsonPropertyName("predictions")] public long Predictions { get; init; }
    [JsonPropertyName("unscored")] public long Unscored { get; init; }
    /// <summary>Accuracy of the predictions as they were made during the stream (what susy-accuracy shows).</summary>
    [JsonPropertyName("accuracy")] public double? Accuracy { get; init; }
    /// <summary>Accuracy of the final model on every TEST event (`susy evaluate`).</summary>
    [JsonPropertyName("final_model_accuracy")] public double? FinalModelAccuracy { get; init; }
    /// <summary>TEST events (as `susy evaluate` re-reads them) whose id an earlier TEST event already had; null without a final evaluation.</summary>
    [JsonPropertyName("test_event_id_collisions")] public long? TestEventIdCollisions { get; init; }
    /// <summary>Distinct TEST events with a prediction in the predictions topic (by event id); null without a final evaluation.</summary>
    [JsonPropertyName("predicted_test_events")] public long? PredictedTestEvents { get; init; }
    /// <summary>Prediction records beyond the first for their event (at_least_once after a crash or rebalance); null without a final evaluation.</summary>
    [JsonPropertyName("duplicate_predictions")] public long? DuplicatePredictions { get; init; }
    /// <summary>TEST events without any prediction in the topic; null without a final evaluation.</summary>
    [JsonPropertyName("unpredicted_test_events")] public long? UnpredictedTestEvents { get; init; }
    [JsonPropertyName("auc")] public double? Auc { get; init; }
    [JsonPropertyName("log_loss")] public double? LogLoss { get; init; }
    [JsonPropertyName("stream_auc")] public double? StreamAuc { get; init; }
    [JsonPropertyName("stream_log_loss")] public double? StreamLogLoss { get; init; }
    [JsonPropertyName("model_versions")] public long ModelVersions { get; init; }
    [JsonPropertyName("trained_records")] public long TrainedRecords { get; init; }
    [JsonPropertyName("guarantee")] public string Guarantee { get; init; } = "";
    [JsonPropertyName("events_per_s")] public double EventsPerSecond { get; init; }
    [JsonPropertyName("p50_ms")] public double? P50Ms { get; init; }
    [JsonPropertyName("p99_ms")] public double? P99Ms { get; init; }

    /// <summary>Predictions of events produced before the app started: their latency includes that wait (e.g. <c>make run</c> loads first).</summary>
    [JsonPropertyName("predictions_of_queued_events")] public long PredictionsOfQueuedEvents { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    });
}
