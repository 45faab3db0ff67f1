namespace SusyTopology.Kafka.Embedded;

/// <summary>How to start an <see cref="EmbeddedKafkaCluster"/>.</summary>
public sealed class EmbeddedKafkaOptions
{
    /// <summary>Number of mock brokers (ids 1..N). More than one lets tests move partition leaders between brokers.</summary>
    public int Brokers { get; set; } = 1;

    /// <summary>
    /// How long a new consumer group's coordinator waits for more members before its first rebalance. librdkafka's
    /// mock waits 3 s, like a broker's <c>group.initial.rebalance.delay.ms</c>; 0 lets a lone client start at once.
    /// </summary>
    public TimeSpan InitialRebalanceDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Topics to create before the bootstrap address is handed out, name → partition count. The mock cluster creates
    /// any unknown topic it is asked about with 4 partitions, so every topic a client will touch belongs here (or in
    /// <see cref="EmbeddedKafkaCluster.CreateTopic"/> before the client touches it).
    /// </summary>
    public IDictionary<string, int> Topics { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);
}
