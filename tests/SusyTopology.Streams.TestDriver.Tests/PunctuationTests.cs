using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.TestDriver;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class PunctuationTests
{
    /// <summary>Emits "tick@time" on every punctuation and passes records through.</summary>
    private sealed class Ticker(PunctuationType type, TimeSpan interval, bool cancelAfterFirst = false)
        : IProcessor<string, int, string, string>
    {
        public void Init(IProcessorContext<string, string> context)
        {
            ICancellable? schedule = null;
            schedule = context.Schedule(interval, type, time =>
            {
                context.Forward(new Record<string, string>("tick", $"{type}@{time}", time));
                if (cancelAfterFirst) schedule!.Cancel();
            });
        }

        public void Process(Record<string, int> record) { }
    }

    private static (TopologyTestDriver, TestInputTopic<string, int>, TestOutputTopic<string, string>) Build(Ticker ticker)
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .Process<string, string>(() => ticker)
            .To("ticks", Produced.With(Serdes.String(), Serdes.String()));
        var driver = new TopologyTestDriver(builder.Build());
        return (driver,
            driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer),
            driver.CreateOutputTopic("ticks", Serdes.String().Deserializer, Serdes.String().Deserializer));
    }

    [Fact]
    public void Stream_time_punctuation_follows_record_timestamps_aligned_to_the_interval()
    {
        var (driver, input, ticks) = Build(new Ticker(PunctuationType.StreamTime, TimeSpan.FromSeconds(10)));
        using var _ = driver;
        Assert.True(ticks.IsEmpty);                // no stream time yet
        input.PipeInput("k", 1, 3_000);            // first data: fires at once (aligned to 0)
        input.PipeInput("k", 1, 9_000);            // next due at 10s: nothing
        input.PipeInput("k", 1, 12_000);           // due
        input.PipeInput("k", 1, 5_000);            // out of order: stream time stays 12s
        input.PipeInput("k", 1, 47_000);           // gap: fires once, not once per missed interval
        input.PipeInput("k", 1, 50_000);           // next due at 50s
        driver.AdvanceWallClockTime(TimeSpan.FromHours(1)); // wall clock does not drive stream time

        Assert.Equal(["StreamTime@3000", "StreamTime@12000", "StreamTime@47000", "StreamTime@50000"], ticks.ReadValuesToList());
    }

    [Fact]
    public void Wall_clock_punctuation_fires_without_data_when_the_clock_moves()
    {
        var (driver, input, ticks) = Build(new Ticker(PunctuationType.WallClockTime, TimeSpan.FromSeconds(1)));
        using var _ = driver;
        var start = driver.WallClockTime.ToUnixTimeMilliseconds();
        input.PipeInput("k", 1, 1_000_000);          // data does not drive wall-clock punctuation
        Assert.True(ticks.IsEmpty);
        driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(999));
        Assert.True(ticks.IsEmpty);
        driver.AdvanceWallClockTime(TimeSpan.FromMilliseconds(1));
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));

        Assert.Equal([$"WallClockTime@{start + 1_000}", $"WallClockTime@{start + 2_000}"], ticks.ReadValuesToList());
    }

    [Fact]
    public void A_cancelled_schedule_stops_firing()
    {
        var (driver, _, ticks) = Build(new Ticker(PunctuationType.WallClockTime, TimeSpan.FromSeconds(1), cancelAfterFirst: true));
        using var __ = driver;
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));
        Assert.Single(ticks.ReadValuesToList());
    }
}
