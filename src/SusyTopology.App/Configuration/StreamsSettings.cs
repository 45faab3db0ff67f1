using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using SusyTopology.App.Topology;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Runtime;

namespace SusyTopology.App.Configuration;

/// <summary>
/// The streams runtime's configuration (<c>Streams</c> section) with the cluster profile applied: exactly_once_v2 by
/// default; the embedded profile (librdkafka's mock broker, whose transactions carry no semantics) runs at_least_once
/// with ordinary commits, and uses a session timeout its slow group coordinator can settle.
/// </summary>
public static class StreamsSettings
{
    public const string SectionName = "Streams";

    public static bool IsEmbedded(IConfiguration configuration) =>
        string.Equals(configuration[SusyConfiguration.ProfileKey], SusyConfiguration.EmbeddedProfile, StringComparison.OrdinalIgnoreCase);

    public static ProcessingGuarantee Guarantee(IConfiguration configuration)
    {
        var configured = configuration[$"{SectionName}:ProcessingGuarantee"];
        if (!string.IsNullOrWhiteSpace(configured)) return Parse(configured);
        return IsEmbedded(configuration) ? ProcessingGuarantee.AtLeastOnce : ProcessingGuarantee.ExactlyOnceV2;
    }

    public static ProcessingGuarantee Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "exactly_once_v2" or "exactly-once" or "eos" => ProcessingGuarantee.ExactlyOnceV2,
        "at_least_once" or "at-least-once" or "alo" => ProcessingGuarantee.AtLeastOnce,
        _ => throw new InvalidOperationException($"Unknown processing guarantee '{text}' (exactly_once_v2 or at_least_once)."),
    };

    public static string Describe(ProcessingGuarantee guarantee) =>
        guarantee == ProcessingGuarantee.ExactlyOnceV2 ? "exactly_once_v2" : "at_least_once";

    public static StreamsConfig Build(IConfiguration configuration, KafkaSettings kafka, string applicationId, ProcessingGuarantee guarantee,
        IDeserializationExceptionHandler deserializationErrors)
    {
        var section = configuration.GetSection(SectionName);
        var embedded = IsEmbedded(configuration);
        var consumer = new ConsumerConfig
        {
            SessionTimeoutMs = embedded ? 6000 : 10_000,
            HeartbeatIntervalMs = embedded ? 500 : 3000,
            // The mock broker holds a fetch that is not full for the whole wait (a real broker answers as soon as
            // fetch.min.bytes are there): keep it short or every poll costs half a second of latency.
            FetchWaitMaxMs = embedded ? 10 : 100,
        };
        var producer = new ProducerConfig { LingerMs = 5 };
        // Any librdkafka property, passed through as Confluent's own configs carry it: Streams:Consumer:fetch.wait.max.ms,
        // Streams:Producer:linger.ms, … (the runtime still overrides what its guarantees depend on).
        foreach (var property in section.GetSection("Consumer").GetChildren()) consumer.Set(property.Key, property.Value);
        foreach (var property in section.GetSection("Producer").GetChildren()) producer.Set(property.Key, property.Value);
        return new StreamsConfig
        {
            ApplicationId = applicationId,
            BootstrapServers = kafka.BootstrapServers,
            ProcessingGuarantee = guarantee,
            NumStreamThreads = section.GetValue("NumStreamThreads", 1),
            // The one learner is a singleton doing most of the CPU work: on a thread of its own it neither gets a
            // 1/(tasks) share of a shared thread's turns (and falls behind a flood) nor delays the scorers' records.
            DedicatedThreads = section.GetValue("DedicatedLearnerThread", true) ? [SusyTopologyFactory.LearnerNodeName] : [],
            CommitInterval = section.GetValue<TimeSpan?>("CommitInterval"),
            MaxPollRecords = section.GetValue("MaxPollRecords", 1000),
            BufferedRecordsPerPartition = section.GetValue("BufferedRecordsPerPartition", 1000),
            ProcessingSlice = section.GetValue("ProcessingSlice", TimeSpan.FromMilliseconds(10)),
            StateDir = section["StateDir"] ?? Path.Combine(Path.GetTempPath(), "susy-streams"),
            Consumer = consumer,
            Producer = producer,
            DeserializationExceptionHandler = deserializationErrors,
        };
    }
}
