using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.TestDriver;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class WindowTests
{
    private static (TopologyTestDriver Driver, TestInputTopic<string, int> Input, TestOutputTopic<Windowed<string>, long> Output)
        CountPerWindow(TimeWindows windows)
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .GroupByKey()
            .WindowedBy(windows)
            .Count(Materialized.As<string, long>("counts"))
            .ToStream()
            .To("out");
        var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        var windowedKey = Serdes.TimeWindowed(Serdes.String(), TimeSpan.FromMilliseconds(windows.SizeMs));
        var output = driver.CreateOutputTopic("out", windowedKey.Deserializer, Serdes.Int64().Deserializer);
        return (driver, input, output);
    }

    private static string Show(KeyValuePair<Windowed<string>, long> kv) =>
        $"{kv.Key.Key}@{kv.Key.Window.StartMs}-{kv.Key.Window.EndMs}={kv.Value}";

    [Fact]
    public void Tumbling_windows_are_half_open_start_inclusive_end_exclusive()
    {
        var (driver, input, output) = CountPerWindow(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)));
        using var _ = driver;
        var store = driver.GetWindowStore<string, long>("counts");
        input.PipeInput("k", 0, 0);
        input.PipeInput("k", 0, 9_999);
        Assert.Equal(2L, store.Fetch("k", 0));
        input.PipeInput("k", 0, 10_000);

        Assert.Equal(["k@0-10000=1", "k@0-10000=2", "k@10000-20000=1"], output.ReadKeyValuesToList().Select(Show));
        Assert.Equal(1L, store.Fetch("k", 10_000));
        // Default retention is size + grace: once stream time reaches 10 s, window [0, 10 s) is closed and dropped.
        Assert.False(store.TryFetch("k", 0, out var _));
    }

    [Fact]
    public void Hopping_windows_count_a_record_in_every_window_that_contains_it()
    {
        var (driver, input, output) = CountPerWindow(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)).AdvanceBy(TimeSpan.FromSeconds(5)));
        using var _ = driver;
        input.PipeInput("k", 0, 7_000);

        Assert.Equal(["k@0-10000=1", "k@5000-15000=1"], output.ReadKeyValuesToList().Select(Show));
    }

    [Fact]
    public void Out_of_order_records_within_grace_update_their_window_and_later_ones_are_dropped()
    {
        var (driver, input, output) = CountPerWindow(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));
        using var _ = driver;
        input.PipeInput("k", 0, 1_000);   // window [0,10s)
        input.PipeInput("k", 0, 14_000);  // stream time 14s: [0,10s) still open until 15s
        input.PipeInput("k", 0, 2_000);   // out of order, inside grace: updates [0,10s)
        input.PipeInput("k", 0, 15_000);  // stream time 15s: [0,10s) closes (end 10s + grace 5s <= 15s)
        input.PipeInput("k", 0, 3_000);   // too late: dropped
        input.PipeInput("j", 0, 9_999);   // too late for any key

        Assert.Equal(["k@0-10000=1", "k@10000-20000=1", "k@0-10000=2", "k@10000-20000=2"],
            output.ReadKeyValuesToList().Select(Show));
        Assert.Equal(2L, driver.GetWindowStore<string, long>("counts").Fetch("k", 0));
    }

    [Fact]
    public void Window_store_forgets_windows_older_than_its_retention()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(10)))
            .Aggregate(() => 0, (_, v, sum) => sum + v,
                Materialized.As<string, int>("sums").WithValueSerde(Serdes.Int32()).WithRetention(TimeSpan.FromSeconds(30)));
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        input.PipeInput("k", 1, 0);
        input.PipeInput("k", 2, 25_000);
        var store = driver.GetWindowStore<string, int>("sums");
        Assert.Equal([0L, 20_000L], store.Fetch("k", 0, long.MaxValue).Select(e => e.Key));

        input.PipeInput("k", 3, 31_000); // stream time 31s, retention 30s: window 0 is gone
        Assert.Equal([20_000L, 30_000L], store.Fetch("k", 0, long.MaxValue).Select(e => e.Key));
        Assert.False(store.TryFetch("k", 0, out _));
    }

    [Fact]
    public void Retention_shorter_than_size_plus_grace_is_rejected()
    {
        var grouped = new StreamsBuilder().Stream("in", Consumed.With(Serdes.String(), Serdes.Int32())).GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));
        Assert.Throws<ArgumentException>(() =>
            grouped.Count(Materialized.As<string, long>("c").WithRetention(TimeSpan.FromSeconds(12))));
    }

    [Fact]
    public void Emitting_on_window_close_sends_each_final_count_once_when_stream_time_passes_end_plus_grace()
    {
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeAndGrace(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)))
            .WithEmitStrategy(EmitStrategy.OnWindowClose())
            .Count()
            .ToStream()
            .To("out");
        using var driver = new TopologyTestDriver(builder.Build());
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer);
        var output = driver.CreateOutputTopic("out", Serdes.TimeWindowed(Serdes.String(), TimeSpan.FromSeconds(10)).Deserializer,
            Serdes.Int64().Deserializer);

        input.PipeInput("k", 0, 1_000);
        input.PipeInput("k", 0, 2_000);
        input.PipeInput("j", 0, 3_000);
        input.PipeInput("k", 0, 14_000);  // [0,10s) still within grace
        Assert.True(output.IsEmpty);
        input.PipeInput("k", 0, 15_000);  // closes [0,10s)
        input.PipeInput("k", 0, 3_000);   // late: dropped, changes nothing
        input.PipeInput("k", 0, 26_000);  // closes [10s,20s)

        var records = output.ReadRecordsToList();
        Assert.Equal(["j@0-10000=1", "k@0-10000=2", "k@10000-20000=2"],
            records.Select(r => $"{r.Key.Key}@{r.Key.Window.StartMs}-{r.Key.Window.EndMs}={r.Value}"));
        Assert.Equal([9_999L, 9_999L, 19_999L], records.Select(r => r.TimestampMs!.Value));
    }
}
