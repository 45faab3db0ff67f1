using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;

namespace SusyTopology.App.Configuration;

/// <summary>
/// Streamiz's configuration (<c>Streams</c> section) with the cluster profile applied: exactly-once by default; the
/// embedded profile (librdkafka's mock broker, whose transactions carry no semantics) runs at_least_once with ordinary
/// commits, and uses a session timeout its slow group coordinator can settle. Any librdkafka property passes through
/// (<c>Streams:Consumer:fetch.wait.max.ms</c>, <c>Streams:Producer:linger.ms</c>), as Confluent's own configs carry it.
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
        return IsEmbedded(configuration) ? ProcessingGuarantee.AT_LEAST_ONCE : ProcessingGuarantee.EXACTLY_ONCE;
    }

    public static ProcessingGuarantee Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "exactly_once_v2" or "exactly_once" or "exactly-once" or "eos" => ProcessingGuarantee.EXACTLY_ONCE,
        "at_least_once" or "at-least-once" or "alo" => ProcessingGuarantee.AT_LEAST_ONCE,
        _ => throw new InvalidOperationException($"Unknown processing guarantee '{text}' (exactly_once_v2 or at_least_once)."),
    };

    /// <summary>Kafka Streams' name for the guarantee: Streamiz's EXACTLY_ONCE is one transactional producer per thread, i.e. v2.</summary>
    public static string Describe(ProcessingGuarantee guarantee) =>
        guarantee == ProcessingGuarantee.EXACTLY_ONCE ? "exactly_once_v2" : "at_least_once";

    public static StreamConfig Build(IConfiguration configuration, KafkaSettings kafka, string applicationId, ProcessingGuarantee guarantee,
        ILoggerFactory loggers)
    {
        var section = configuration.GetSection(SectionName);
        var embedded = IsEmbedded(configuration);
        var config = new StreamConfig
        {
            ApplicationId = applicationId,
            BootstrapServers = kafka.BootstrapServers,
            // First: Streamiz's guarantee setter resets the commit interval to the guarantee's default.
            Guarantee = guarantee,
            // Two threads share the two cores' work; SusyKafkaSupplier repairs the rebalance in which one of them,
            // refused a commit while its sibling joined, would otherwise stop polling for good.
            NumStreamThreads = section.GetValue("NumStreamThreads", 2),
            StateDir = section["StateDir"] ?? Path.Combine(Path.GetTempPath(), "susy-streams"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = embedded ? 6000 : 10_000,
            HeartbeatIntervalMs = embedded ? 500 : 3000,
            // The mock broker holds a fetch that is not full for the whole wait (a real broker answers as soon as
            // fetch.min.bytes are there): keep it short or every poll costs half a second of latency.
            FetchWaitMaxMs = embedded ? 10 : 100,
            LingerMs = 5,
            MaxPollRecords = section.GetValue("MaxPollRecords", 1000L),
            // Streamiz keeps polling for this long to fill a batch before it processes one: at 100 ms (its default) a
            // record waited ~70 ms on average at 5,000 events/s before the app even looked at it.
            PollMs = section.GetValue("PollMs", 10L),
            Logger = loggers,
        };
        // Kafka Streams' exactly-once default, not librdkafka's minute: the transaction of a process that died stays
        // open this long, and until it ends the replacement's read_committed readers and offset fetches wait.
        if (guarantee == ProcessingGuarantee.EXACTLY_ONCE) config.TransactionTimeoutMs = 10_000;
        if (section.GetValue<long?>("CommitIntervalMs") is { } commitMs) config.CommitIntervalMs = commitMs;
        else if (guarantee == ProcessingGuarantee.AT_LEAST_ONCE) config.CommitIntervalMs = 1000;
        foreach (var property in section.GetSection("Consumer").GetChildren())
            config.AddConfig(config.MainConsumerPrefix(property.Key), property.Value!);
        foreach (var property in section.GetSection("Producer").GetChildren())
            config.AddConfig(config.ProducerPrefix(property.Key), property.Value!);
        return config;
    }
}
