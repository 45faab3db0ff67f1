using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.TestDriver;

namespace SusyTopology.Streams.TestDriver.Tests;

public sealed class DroppedRecordsMetricTests
{
    [Fact]
    public void Late_unreadable_and_untimed_records_are_counted_by_reason()
    {
        var applicationId = "metrics-" + Guid.NewGuid().ToString("N"); // other tests run in parallel: filter on it
        var counts = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "SusyTopology.Streams.Tasks") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? app = null, reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "application.id") app = tag.Value as string;
                if (tag.Key == "reason") reason = tag.Value as string;
            }
            if (app == applicationId && reason is not null) counts.AddOrUpdate(reason, value, (_, old) => old + value);
        });
        listener.Start();

        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32())
                .WithTimestampExtractor(new TimestampExtractor<string, int>((_, v, ts, _) => v == 99 ? -1 : ts)))
            .GroupByKey()
            .WindowedBy(TimeWindows.OfSizeWithNoGrace(TimeSpan.FromSeconds(1)))
            .Count();
        using var driver = new TopologyTestDriver(builder.Build(), new TopologyTestDriverOptions
        {
            ApplicationId = applicationId,
            DeserializationExceptionHandler = new LogAndContinueExceptionHandler(),
        });
        var input = driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.ByteArray().Serializer);
        input.PipeInput("k", [0, 0, 0, 1], 5_000);
        input.PipeInput("k", [0, 0, 0, 1], 1_000);  // late
        input.PipeInput("k", [0, 0, 0, 1], 2_000);  // late
        input.PipeInput("k", [1], 6_000);           // unreadable
        input.PipeInput("k", [0, 0, 0, 99], 7_000); // no valid event time

        Assert.Equal(2, counts.GetValueOrDefault("late-record"));
        Assert.Equal(1, counts.GetValueOrDefault("deserialization-error"));
        Assert.Equal(1, counts.GetValueOrDefault("invalid-timestamp"));
    }
}
