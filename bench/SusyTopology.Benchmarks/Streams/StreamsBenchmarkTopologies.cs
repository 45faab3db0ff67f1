using SusyTopology.Streams;
using SusyTopology.Streams.Kstream;

namespace SusyTopology.Benchmarks.Streams;

/// <summary>The topologies measured: bytes straight through, and a tumbling one-second windowed count per key.</summary>
public static class StreamsBenchmarkTopologies
{
    public static Topology Passthrough(string input, string output)
    {
        var builder = new StreamsBuilder();
        builder.Stream(input, Consumed.With(Serdes.ByteArray(), Serdes.ByteArray()))
            .To(output, Produced.With(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.Build();
    }

    public static Topology WindowedCount(string input, string output)
    {
        var window = TimeSpan.FromSeconds(1);
        var builder = new StreamsBuilder();
        builder.Stream(input, Consumed.With(Serdes.ByteArray(), Serdes.ByteArray()))
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(window))
            .Count(Materialized.As<byte[], long>("counts", Serdes.ByteArray(), Serdes.Int64()))
            .ToStream()
            .To(output, Produced.With(Serdes.TimeWindowed(Serdes.ByteArray(), window), Serdes.Int64()));
        return builder.Build();
    }
}
