using Confluent.Kafka;

namespace SusyTopology.Streams.TestDriver;

/// <summary>A record as piped into or read from the driver.</summary>
public sealed record TestRecord<TKey, TValue>(TKey Key, TValue Value, long? TimestampMs = null, Headers? Headers = null)
{
    public DateTimeOffset? Timestamp => TimestampMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>The UTF-8 text of the last header named <paramref name="key"/>, or null.</summary>
    public string? HeaderText(string key) =>
        Headers is not null && Headers.TryGetLastBytes(key, out var bytes) ? System.Text.Encoding.UTF8.GetString(bytes) : null;
}
