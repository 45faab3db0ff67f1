using SusyTopology.Dashboard.Metrics;

namespace SusyTopology.Dashboard.Tests;

public class RateMeterTests
{
    [Fact]
    public void Rate_is_the_increase_per_second_and_a_reset_counts_from_zero()
    {
        var time = new SteppedClock();
        var meter = new RateMeter();
        Assert.Null(meter.Next(100, time.GetTimestamp(), time));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(500, meter.Next(1100, time.GetTimestamp(), time));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(40, meter.Next(40, time.GetTimestamp(), time)); // the app restarted
    }
}

/// <summary>A clock that moves only when told.</summary>
internal sealed class SteppedClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() => _ticks;
    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
