namespace SusyTopology.InMemoryKafka.Tests;

/// <summary>A broker clock that moves only when a test advances it (transaction timeouts without waiting).</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
