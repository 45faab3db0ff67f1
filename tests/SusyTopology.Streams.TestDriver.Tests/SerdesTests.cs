using Confluent.Kafka;
using SusyTopology.Streams.Kstream;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class SerdesTests
{
    private static readonly SerializationContext Context = new(MessageComponentType.Key, "t");

    [Fact]
    public void Built_in_serdes_use_kafkas_big_endian_wire_format()
    {
        Assert.Equal([0, 0, 1, 2], Serdes.Int32().Serializer.Serialize(258, Context));
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 0], Serdes.Int64().Serializer.Serialize(256, Context));
        Assert.Equal(-1.5, Serdes.Double().Deserializer.Deserialize(Serdes.Double().Serializer.Serialize(-1.5, Context), false, Context));
        Assert.Equal("ß", Serdes.String().Deserializer.Deserialize(Serdes.String().Serializer.Serialize("ß", Context), false, Context));
        Assert.Same(Serdes.Int64(), Serdes.Default<long>());
        Assert.Null(Serdes.Default<Uri>());
    }

    [Fact]
    public void Time_windowed_keys_round_trip_with_the_window_start_appended()
    {
        var serde = Serdes.TimeWindowed(Serdes.String(), TimeSpan.FromSeconds(5));
        var key = new Windowed<string>("k", new TimeWindow(10_000, 15_000));
        var bytes = serde.Serializer.Serialize(key, Context);
        Assert.Equal([(byte)'k', 0, 0, 0, 0, 0, 0, 0x27, 0x10], bytes);
        Assert.Equal(key, serde.Deserializer.Deserialize(bytes, false, Context));
    }

    [Fact]
    public void Windows_enumerate_every_window_containing_a_timestamp()
    {
        var hopping = TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)).AdvanceBy(TimeSpan.FromMilliseconds(3));
        Assert.Equal([0L, 3, 6, 9], hopping.WindowStartsFor(9));
        Assert.Equal([3L, 6, 9, 12], hopping.WindowStartsFor(12));
        Assert.Equal([10L], TimeWindows.OfSizeWithNoGrace(TimeSpan.FromMilliseconds(10)).WindowStartsFor(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => hopping.AdvanceBy(TimeSpan.FromMilliseconds(11)));
    }
}
