namespace SusyTopology.Streams.Processor.Internals;

/// <summary>The schedules of one time type, ordered by due time.</summary>
internal sealed class PunctuationQueue
{
    private readonly PriorityQueue<PunctuationSchedule, long> _queue = new();

    public void Add(PunctuationSchedule schedule) => _queue.Enqueue(schedule, schedule.NextDueMs);

    public bool IsEmpty => _queue.Count == 0;

    /// <summary>Fires every schedule due at <paramref name="nowMs"/>; returns whether any fired.</summary>
    public bool MayPunctuate(long nowMs, Action<PunctuationSchedule, long> punctuate)
    {
        var fired = false;
        while (_queue.TryPeek(out var schedule, out var due) && due <= nowMs)
        {
            _queue.Dequeue();
            if (schedule.Cancelled) continue;
            punctuate(schedule, nowMs);
            fired = true;
            if (schedule.Cancelled) continue;
            schedule.Advance(nowMs);
            _queue.Enqueue(schedule, schedule.NextDueMs);
        }
        return fired;
    }
}
