namespace SusyTopology.Streams.Kstream;

/// <summary>
/// Serdes, name and partition count of an explicit repartition topic (&lt;application.id&gt;-&lt;name&gt;-repartition).
/// A null partition count lets the runtime size the topic like the upstream topics.
/// </summary>
public sealed record Repartitioned<TKey, TValue>(ISerde<TKey>? KeySerde = null, ISerde<TValue>? ValueSerde = null,
    string? Name = null, int? NumberOfPartitions = null)
{
    public Repartitioned<TKey, TValue> WithName(string name) => this with { Name = name };
    public Repartitioned<TKey, TValue> WithNumberOfPartitions(int partitions) => this with { NumberOfPartitions = partitions };
}

public static class Repartitioned
{
    public static Repartitioned<TKey, TValue> With<TKey, TValue>(ISerde<TKey> keySerde, ISerde<TValue> valueSerde) => new(keySerde, valueSerde);
}
