using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Kstream;

/// <summary>How a source reads a topic: serdes, the source node's name and, optionally, where event time comes from.</summary>
public sealed record Consumed<TKey, TValue>(ISerde<TKey>? KeySerde = null, ISerde<TValue>? ValueSerde = null, string? Name = null,
    ITimestampExtractor<TKey, TValue>? TimestampExtractor = null)
{
    public Consumed<TKey, TValue> WithTimestampExtractor(ITimestampExtractor<TKey, TValue> extractor) =>
        this with { TimestampExtractor = extractor };

    public Consumed<TKey, TValue> WithName(string name) => this with { Name = name };
    public Consumed<TKey, TValue> WithKeySerde(ISerde<TKey> keySerde) => this with { KeySerde = keySerde };
    public Consumed<TKey, TValue> WithValueSerde(ISerde<TValue> valueSerde) => this with { ValueSerde = valueSerde };
}

/// <summary>Type-inferring factories of <see cref="Consumed{TKey,TValue}"/>.</summary>
public static class Consumed
{
    public static Consumed<TKey, TValue> With<TKey, TValue>(ISerde<TKey> keySerde, ISerde<TValue> valueSerde) => new(keySerde, valueSerde);
}
