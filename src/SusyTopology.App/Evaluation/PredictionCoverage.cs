using Confluent.Kafka;
using SusyTopology.App.Configuration;
using SusyTopology.App.Topology;
using SusyTopology.Avro.Confluent;
using SusyTopology.Events;

namespace SusyTopology.App.Evaluation;

/// <summary>
/// How the predictions topic covers the TEST events, counted by event id: under at_least_once a crash makes the app
/// score some events again, so records and predicted events differ, and a TEST event with no prediction at all would
/// be a loss.
/// </summary>
/// <param name="Records">Prediction records in the topic.</param>
/// <param name="PredictedTestEvents">Distinct TEST event ids with at least one prediction.</param>
/// <param name="Duplicates">Prediction records beyond the first for their event id.</param>
/// <param name="Unpredicted">TEST event ids without any prediction.</param>
/// <param name="Foreign">Prediction records whose event id is not a TEST event of the events topic.</param>
public sealed record PredictionCoverage(long Records, long PredictedTestEvents, long Duplicates, long Unpredicted, long Foreign)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Reads the whole predictions topic and matches it against <paramref name="testEventIds"/>.</summary>
    public static PredictionCoverage Read(KafkaSettings kafka, SusyTopologyOptions options, IReadOnlySet<long> testEventIds, CancellationToken ct = default)
    {
        using var registry = kafka.CreateRegistryClient();
        var seen = new HashSet<long>();
        long records = 0, duplicates = 0, foreign = 0;
        foreach (var r in TopicReader.ReadAll(kafka.Consumer("susy-evaluate", "susy-evaluate-predictions"), options.PredictionsTopic,
                     Deserializers.Utf8, new MemoizedAvroDeserializer<Prediction>(registry, kafka.DeserializerConfig()), ReadTimeout, ct))
        {
            if (r.Message.Value is not { } prediction) continue;
            records++;
            if (!testEventIds.Contains(prediction.EventId)) foreign++;
            else if (!seen.Add(prediction.EventId)) duplicates++;
        }
        return new PredictionCoverage(records, seen.Count, duplicates, testEventIds.Count - seen.Count, foreign);
    }
}
