using System.Buffers.Binary;
using Confluent.Kafka;
using SusyTopology.Streams.Kstream;

namespace SusyTopology.Streams;

/// <summary>Reads the layout written by <see cref="TimeWindowedSerializer{TKey}"/>.</summary>
public sealed class TimeWindowedDeserializer<TKey> : IDeserializer<Windowed<TKey>>
{
    private readonly IDeserializer<TKey> _inner;
    private readonly long _windowSizeMs;

    public TimeWindowedDeserializer(IDeserializer<TKey> inner, long windowSizeMs)
    {
        if (windowSizeMs <= 0) throw new ArgumentOutOfRangeException(nameof(windowSizeMs), "window size must be positive");
        _inner = inner;
        _windowSizeMs = windowSizeMs;
    }

    public Windowed<TKey> Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull || data.Length < sizeof(long))
            throw new InvalidDataException("a windowed key needs at least the 8-byte window start");
        var keyBytes = data[..^sizeof(long)];
        var start = BinaryPrimitives.ReadInt64BigEndian(data[^sizeof(long)..]);
        var key = _inner.Deserialize(keyBytes, false, context);
        return new Windowed<TKey>(key, new TimeWindow(start, start + _windowSizeMs));
    }
}
