namespace SusyTopology.Streams.Kstream;

/// <summary>
/// How an aggregation or table keeps its state: store name, serdes, change-logging (on by default) and, for window
/// stores, the retention period (by default window size + grace).
/// </summary>
public sealed record Materialized<TKey, TValue>(string? StoreName = null, ISerde<TKey>? KeySerde = null,
    ISerde<TValue>? ValueSerde = null, bool LoggingEnabled = true, TimeSpan? Retention = null)
{
    public Materialized<TKey, TValue> WithKeySerde(ISerde<TKey> keySerde) => this with { KeySerde = keySerde };
    public Materialized<TKey, TValue> WithValueSerde(ISerde<TValue> valueSerde) => this with { ValueSerde = valueSerde };
    public Materialized<TKey, TValue> WithLoggingDisabled() => this with { LoggingEnabled = false };
    public Materialized<TKey, TValue> WithRetention(TimeSpan retention) => this with { Retention = retention };
}

public static class Materialized
{
    public static Materialized<TKey, TValue> As<TKey, TValue>(string storeName) => new(storeName);

    public static Materialized<TKey, TValue> With<TKey, TValue>(ISerde<TKey> keySerde, ISerde<TValue> valueSerde) =>
        new(KeySerde: keySerde, ValueSerde: valueSerde);

    public static Materialized<TKey, TValue> As<TKey, TValue>(string storeName, ISerde<TKey> keySerde, ISerde<TValue> valueSerde) =>
        new(storeName, keySerde, valueSerde);
}
