using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>One scheduled punctuation: its node, interval, callback and next due time.</summary>
internal sealed class PunctuationSchedule(ProcessorNode node, long intervalMs, Action<long> callback, long firstDueMs)
    : ICancellable
{
    public ProcessorNode Node { get; } = node;
    public long IntervalMs { get; } = intervalMs;
    public Action<long> Callback { get; } = callback;
    public long NextDueMs { get; private set; } = firstDueMs;
    public bool Cancelled { get; private set; }

    public void Cancel() => Cancelled = true;

    /// <summary>
    /// Moves the due time past <paramref name="nowMs"/>. After a gap of several intervals the missed punctuations
    /// are not replayed one by one (Kafka's rule): the schedule stays aligned and fires once for the gap.
    /// </summary>
    public void Advance(long nowMs)
    {
        var next = NextDueMs + IntervalMs;
        if (nowMs >= next)
        {
            var missed = (nowMs - NextDueMs) / IntervalMs;
            next = NextDueMs + (missed + 1) * IntervalMs;
        }
        NextDueMs = next;
    }
}
