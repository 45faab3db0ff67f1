namespace SusyTopology.Streams.TestDriver;

/// <summary>A clock that moves only when told: wall-clock punctuation becomes deterministic.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now;

    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(delta), "time cannot go backwards");
        _now += delta;
    }
}
