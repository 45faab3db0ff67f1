using SusyTopology.Streams.Kstream;
using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.TestDriver.Tests;

/// <summary>
/// <see cref="IProcessorContext.InputPartitionLag"/>: records after the current one that are already in its partition.
/// </summary>
public sealed class InputPartitionLagTests
{
    private sealed class LagRecorder(List<long?> lags) : IProcessor<string, int, string, int>
    {
        private IProcessorContext<string, int> _context = null!;

        public void Init(IProcessorContext<string, int> context)
        {
            _context = context;
            context.Schedule(TimeSpan.FromSeconds(1), PunctuationType.WallClockTime, _ => lags.Add(_context.InputPartitionLag ?? -1));
        }

        public void Process(Record<string, int> record)
        {
            lags.Add(_context.InputPartitionLag);
            _context.Forward(record);
        }
    }

    private static (TopologyTestDriver Driver, TestInputTopic<string, int> Input, List<long?> Source, List<long?> AfterRepartition) Build()
    {
        List<long?> source = [], afterRepartition = [];
        var builder = new StreamsBuilder();
        builder.Stream("in", Consumed.With(Serdes.String(), Serdes.Int32()))
            .Process(() => new LagRecorder(source), Named.As("at-source"))
            .Repartition(Repartitioned.With(Serdes.String(), Serdes.Int32()).WithName("one").WithNumberOfPartitions(1))
            .Process(() => new LagRecorder(afterRepartition), Named.As("after-repartition"))
            .To("out");
        var driver = new TopologyTestDriver(builder.Build());
        return (driver, driver.CreateInputTopic("in", Serdes.String().Serializer, Serdes.Int32().Serializer), source, afterRepartition);
    }

    [Fact]
    public void Records_piped_one_by_one_have_no_lag()
    {
        var (driver, input, source, afterRepartition) = Build();
        using var _ = driver;
        input.PipeKeyValueList([new("a", 1), new("b", 2), new("c", 3)]);
        Assert.Equal([0L, 0L, 0L], source);
        Assert.Equal([0L, 0L, 0L], afterRepartition);
    }

    [Fact]
    public void A_batch_counts_the_records_behind_the_current_one_at_the_source_and_after_a_repartition()
    {
        var (driver, input, source, afterRepartition) = Build();
        using var _ = driver;
        input.PipeBatch([new("a", 1), new("b", 2), new("c", 3), new("d", 4)]);
        Assert.Equal([3L, 2L, 1L, 0L], source);
        Assert.Equal([3L, 2L, 1L, 0L], afterRepartition);
        Assert.Equal([1, 2, 3, 4], driver.CreateOutputTopic("out", Serdes.String().Deserializer, Serdes.Int32().Deserializer).ReadValuesToList());
    }

    [Fact]
    public void A_punctuation_has_no_current_record_and_so_no_lag()
    {
        var (driver, _, source, _) = Build();
        using var __ = driver;
        driver.AdvanceWallClockTime(TimeSpan.FromSeconds(1));
        Assert.Equal([-1L], source);
    }
}
