using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net;
using SusyTopology.App.Configuration;

namespace SusyTopology.App.Tests.Configuration;

/// <summary>The Streamiz configuration the app builds from its settings.</summary>
public sealed class StreamsSettingsTests
{
    private static StreamConfig Build(ProcessingGuarantee guarantee, params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SusyConfiguration.BootstrapServersKey] = "127.0.0.1:9092",
                [SusyConfiguration.SchemaRegistryUrlKey] = "http://127.0.0.1:8081",
            }
                .Concat(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))))
            .Build();
        return StreamsSettings.Build(configuration, KafkaSettings.From(configuration), "app", guarantee, NullLoggerFactory.Instance);
    }

    [Fact]
    public void Exactly_once_transactions_time_out_after_ten_seconds_as_in_Kafka_Streams()
    {
        Assert.Equal(10_000, Build(ProcessingGuarantee.EXACTLY_ONCE).TransactionTimeoutMs);
        Assert.Null(Build(ProcessingGuarantee.AT_LEAST_ONCE).TransactionTimeoutMs);
    }

    [Fact]
    public void A_configured_transaction_timeout_wins()
    {
        var config = Build(ProcessingGuarantee.EXACTLY_ONCE, ("Streams:Producer:transaction.timeout.ms", "30000"));

        Assert.Equal("30000", config.ToProducerConfig().Get("transaction.timeout.ms"));
    }
}
