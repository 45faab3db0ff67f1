namespace SusyTopology.Streams.Kstream;

/// <summary>
/// Fixed-size windows aligned to the epoch: tumbling (advance = size) or hopping (advance &lt; size). A record
/// falls into every window [start, start + size) that contains its timestamp. Records later than the grace period
/// after a window's end (in stream time) no longer update it.
/// </summary>
public sealed class TimeWindows
{
    private TimeWindows(long sizeMs, long advanceMs, long graceMs)
    {
        if (sizeMs <= 0) throw new ArgumentOutOfRangeException(nameof(sizeMs), "window size must be positive");
        if (advanceMs <= 0 || advanceMs > sizeMs)
            throw new ArgumentOutOfRangeException(nameof(advanceMs), "advance must be positive and at most the window size");
        if (graceMs < 0) throw new ArgumentOutOfRangeException(nameof(graceMs), "grace must not be negative");
        SizeMs = sizeMs;
        AdvanceMs = advanceMs;
        GraceMs = graceMs;
    }

    public long SizeMs { get; }
    public long AdvanceMs { get; }
    public long GraceMs { get; }

    public static TimeWindows OfSizeWithNoGrace(TimeSpan size) => new(ToMs(size), ToMs(size), 0);

    public static TimeWindows OfSizeAndGrace(TimeSpan size, TimeSpan grace) => new(ToMs(size), ToMs(size), ToMs(grace));

    /// <summary>Makes the windows hop by <paramref name="advance"/> instead of tumbling.</summary>
    public TimeWindows AdvanceBy(TimeSpan advance) => new(SizeMs, ToMs(advance), GraceMs);

    /// <summary>Start times of the windows containing <paramref name="timestampMs"/>, oldest first.</summary>
    public IEnumerable<long> WindowStartsFor(long timestampMs)
    {
        var start = Math.Max(0, timestampMs - SizeMs + AdvanceMs) / AdvanceMs * AdvanceMs;
        for (; start <= timestampMs; start += AdvanceMs) yield return start;
    }

    private static long ToMs(TimeSpan span) => (long)span.TotalMilliseconds;

    public override string ToString() => $"TimeWindows(size={SizeMs}ms, advance={AdvanceMs}ms, grace={GraceMs}ms)";
}
