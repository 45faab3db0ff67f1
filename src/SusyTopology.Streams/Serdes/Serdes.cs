using Confluent.Kafka;
using SusyTopology.Streams.Kstream;

namespace SusyTopology.Streams;

/// <summary>
/// Built-in serdes. The primitive ones reuse Confluent.Kafka's serializers, which already use Kafka's wire formats
/// (UTF-8 strings, big-endian integers and doubles), so topics stay readable by Java clients.
/// </summary>
public static class Serdes
{
    private static readonly ISerde<string> StringSerde = new Serde<string>(Serializers.Utf8, Deserializers.Utf8);
    private static readonly ISerde<int> Int32Serde = new Serde<int>(Serializers.Int32, Deserializers.Int32);
    private static readonly ISerde<long> Int64Serde = new Serde<long>(Serializers.Int64, Deserializers.Int64);
    private static readonly ISerde<double> DoubleSerde = new Serde<double>(Serializers.Double, Deserializers.Double);
    private static readonly ISerde<byte[]> BytesSerde = new Serde<byte[]>(Serializers.ByteArray, Deserializers.ByteArray);

    public static ISerde<string> String() => StringSerde;
    public static ISerde<int> Int32() => Int32Serde;
    public static ISerde<long> Int64() => Int64Serde;
    public static ISerde<double> Double() => DoubleSerde;
    public static ISerde<byte[]> ByteArray() => BytesSerde;

    /// <summary>
    /// The built-in serde of <typeparamref name="T"/> (string, int, long, double, byte[]), or null for other types.
    /// The DSL falls back to it when no serde was given, much as Kafka Streams falls back to default.key/value.serde.
    /// </summary>
    public static ISerde<T>? Default<T>() => (typeof(T) == typeof(string) ? StringSerde
        : typeof(T) == typeof(int) ? Int32Serde
        : typeof(T) == typeof(long) ? Int64Serde
        : typeof(T) == typeof(double) ? DoubleSerde
        : typeof(T) == typeof(byte[]) ? BytesSerde
        : (object?)null) as ISerde<T>;

    public static ISerde<T> From<T>(ISerializer<T> serializer, IDeserializer<T> deserializer) =>
        new Serde<T>(serializer, deserializer);

    /// <summary>
    /// Serde for the keys of a time-windowed aggregation: the inner key followed by the window start as a
    /// big-endian 8-byte integer (Kafka's TimeWindowedSerializer layout). The window end is not on the wire, so the
    /// deserializer needs the window size.
    /// </summary>
    public static ISerde<Windowed<TKey>> TimeWindowed<TKey>(ISerde<TKey> inner, TimeSpan windowSize) =>
        new Serde<Windowed<TKey>>(
            new TimeWindowedSerializer<TKey>(inner.Serializer),
            new TimeWindowedDeserializer<TKey>(inner.Deserializer, (long)windowSize.TotalMilliseconds));
}
