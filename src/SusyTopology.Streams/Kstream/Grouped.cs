namespace SusyTopology.Streams.Kstream;

/// <summary>Serdes and name of a grouping; the name also names the repartition topic when one is needed.</summary>
public sealed record Grouped<TKey, TValue>(ISerde<TKey>? KeySerde = null, ISerde<TValue>? ValueSerde = null, string? Name = null)
{
    public Grouped<TKey, TValue> WithName(string name) => this with { Name = name };
}

public static class Grouped
{
    public static Grouped<TKey, TValue> With<TKey, TValue>(ISerde<TKey> keySerde, ISerde<TValue> valueSerde) => new(keySerde, valueSerde);
}
