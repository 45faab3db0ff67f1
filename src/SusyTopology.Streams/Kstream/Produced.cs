namespace SusyTopology.Streams.Kstream;

/// <summary>How a sink writes a topic: serdes and the sink node's name.</summary>
public sealed record Produced<TKey, TValue>(ISerde<TKey>? KeySerde = null, ISerde<TValue>? ValueSerde = null, string? Name = null)
{
    public Produced<TKey, TValue> WithName(string name) => this with { Name = name };
    public Produced<TKey, TValue> WithKeySerde(ISerde<TKey> keySerde) => this with { KeySerde = keySerde };
    public Produced<TKey, TValue> WithValueSerde(ISerde<TValue> valueSerde) => this with { ValueSerde = valueSerde };
}

public static class Produced
{
    public static Produced<TKey, TValue> With<TKey, TValue>(ISerde<TKey> keySerde, ISerde<TValue> valueSerde) => new(keySerde, valueSerde);
}
