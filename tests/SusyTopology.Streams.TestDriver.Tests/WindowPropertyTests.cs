using FsCheck;
using FsCheck.Fluent;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.TestDriver;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class WindowPropertyTests
{
    /// <summary>
    /// The definition of windowed counting with grace, written as plainly as possible: a record counts in every
    /// aligned window [s, s + size) containing it whose end is still after (largest timestamp so far − grace).
    /// </summary>
    private static List<string> ReferenceCounts((int Key, int Timestamp)[] records, int size, int advance, int grace)
    {
        var counts = new Dictionary<(int, long), long>();
        var output = new List<string>();
        long maxTimestamp = -1;
        foreach (var (key, timestamp) in records)
        {
            maxTimestamp = Math.Max(maxTimestamp, timestamp);
            for (long start = 0; start <= timestamp; start += advance)
            {
                if (timestamp >= start + size || start + size <= maxTimestamp - grace) continue;
                var count = counts[(key, start)] = counts.GetValueOrDefault((key, start)) + 1;
                output.Add($"{key}@{start}/{start + size}={count}");
            }
        }
        return output;
    }

    [Fact]
    public void Windowed_count_with_out_of_order_records_equals_the_reference_definition()
    {
        var records = Gen.Choose(0, 2).Zip(Gen.Choose(0, 300), (k, t) => (k, t)).ArrayOf();
        var shape = Gen.Choose(1, 40).SelectMany(size => Gen.Choose(1, size).SelectMany(advance =>
            Gen.Choose(0, 30).Select(grace => (size, advance, grace))));
        Prop.ForAll(records.ToArbitrary(), shape.ToArbitrary(), (input, w) =>
        {
            var windows = TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(w.size), TimeSpan.FromMilliseconds(w.grace))
                .AdvanceBy(TimeSpan.FromMilliseconds(w.advance));
            var builder = new StreamsBuilder();
            builder.Stream("in", Consumed.With(Serdes.Int32(), Serdes.Int32()))
                .GroupByKey()
                .WindowedBy(windows)
                .Count()
                .ToStream()
                .To("out");
            using var driver = new TopologyTestDriver(builder.Build());
            var pipe = driver.CreateInputTopic("in", Serdes.Int32().Serializer, Serdes.Int32().Serializer);
            foreach (var (key, timestamp) in input) pipe.PipeInput(key, 0, timestamp);
            var output = driver.CreateOutputTopic("out", Serdes.TimeWindowed(Serdes.Int32(), TimeSpan.FromMilliseconds(w.size)).Deserializer,
                Serdes.Int64().Deserializer);
            var actual = output.ReadKeyValuesToList()
                .Select(kv => $"{kv.Key.Key}@{kv.Key.Window.StartMs}/{kv.Key.Window.EndMs}={kv.Value}").ToList();
            return actual.SequenceEqual(ReferenceCounts(input, w.size, w.advance, w.grace));
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>The final value of every window that closed (end &lt;= largest timestamp − grace), in close order.</summary>
    private static List<string> ReferenceFinalCounts((int Key, int Timestamp)[] records, int size, int advance, int grace)
    {
        var counts = new Dictionary<(int Key, long Start), long>();
        var output = new List<string>();
        long maxTimestamp = -1, emittedUpTo = -1;
        foreach (var (key, timestamp) in records)
        {
            maxTimestamp = Math.Max(maxTimestamp, timestamp);
            var closeTime = maxTimestamp - grace;
            if (closeTime > emittedUpTo)
            {
                output.AddRange(counts.Where(c => c.Key.Start + size > emittedUpTo && c.Key.Start + size <= closeTime)
                    .OrderBy(c => c.Key.Start).ThenBy(c => c.Key.Key)
                    .Select(c => $"{c.Key.Key}@{c.Key.Start}/{c.Key.Start + size}={c.Value}"));
                emittedUpTo = closeTime;
            }
            for (long start = 0; start <= timestamp; start += advance)
                if (timestamp < start + size && start + size > closeTime)
                    counts[(key, start)] = counts.GetValueOrDefault((key, start)) + 1;
        }
        return output;
    }

    [Fact]
    public void Emit_on_window_close_equals_the_final_values_of_the_reference_definition()
    {
        var records = Gen.Choose(0, 2).Zip(Gen.Choose(0, 300), (k, t) => (k, t)).ArrayOf();
        var shape = Gen.Choose(1, 40).SelectMany(size => Gen.Choose(1, size).SelectMany(advance =>
            Gen.Choose(0, 30).Select(grace => (size, advance, grace))));
        Prop.ForAll(records.ToArbitrary(), shape.ToArbitrary(), (input, w) =>
        {
            var builder = new StreamsBuilder();
            builder.Stream("in", Consumed.With(Serdes.Int32(), Serdes.Int32()))
                .GroupByKey()
                .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromMilliseconds(w.size), TimeSpan.FromMilliseconds(w.grace))
                    .AdvanceBy(TimeSpan.FromMilliseconds(w.advance)))
                .WithEmitStrategy(EmitStrategy.OnWindowClose())
                .Count()
                .ToStream()
                .To("out");
            using var driver = new TopologyTestDriver(builder.Build());
            var pipe = driver.CreateInputTopic("in", Serdes.Int32().Serializer, Serdes.Int32().Serializer);
            foreach (var (key, timestamp) in input) pipe.PipeInput(key, 0, timestamp);
            var actual = driver.CreateOutputTopic("out", Serdes.TimeWindowed(Serdes.Int32(), TimeSpan.FromMilliseconds(w.size)).Deserializer,
                    Serdes.Int64().Deserializer).ReadKeyValuesToList()
                .Select(kv => $"{kv.Key.Key}@{kv.Key.Window.StartMs}/{kv.Key.Window.EndMs}={kv.Value}").ToList();
            return actual.SequenceEqual(ReferenceFinalCounts(input, w.size, w.advance, w.grace));
        }).QuickCheckThrowOnFailure();
    }
}
