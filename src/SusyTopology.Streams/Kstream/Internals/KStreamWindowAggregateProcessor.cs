using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.Processor.Internals;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Kstream.Internals;

/// <summary>
/// Windowed aggregate: updates every window containing the record, unless stream time has already passed that
/// window's end plus the grace period — then the record is late for that window and dropped (counted in
/// <see cref="DroppedLateRecords"/>). Forwards every updated window as (Windowed key, aggregate), or — when emitting on
/// window close — each window's final aggregate once, as soon as stream time passes its end plus grace.
/// </summary>
internal sealed class KStreamWindowAggregateProcessor<TKey, TValue, TAggregate>(string storeName, TimeWindows windows,
    Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator,
    Func<TValue, TAggregate>? firstAggregate = null, bool emitOnWindowClose = false)
    : IProcessor<TKey, TValue, Windowed<TKey>, TAggregate>
{
    private IProcessorContext<Windowed<TKey>, TAggregate> _context = null!;
    private IWindowStore<TKey, TAggregate> _store = null!;
    private long _observedStreamTime = -1;
    private long _lastEmitCloseTime = -1;

    public long DroppedLateRecords { get; private set; }

    public void Init(IProcessorContext<Windowed<TKey>, TAggregate> context)
    {
        _context = context;
        _store = context.GetStateStore<IWindowStore<TKey, TAggregate>>(storeName);
    }

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is null || record.Value is null) return;
        var timestamp = record.Timestamp;
        _observedStreamTime = Math.Max(_observedStreamTime, timestamp);
        var closeTime = _observedStreamTime - windows.GraceMs;
        // Final results go out before this record's own update: the update may expire closed windows from the store.
        if (emitOnWindowClose) EmitClosedWindows(closeTime);
        var updatedAny = false;
        // Inline window enumeration (no iterator allocation on the hot path): every start aligned to the advance
        // with start <= timestamp < start + size.
        for (var start = Math.Max(0, timestamp - windows.SizeMs + windows.AdvanceMs) / windows.AdvanceMs * windows.AdvanceMs;
             start <= timestamp;
             start += windows.AdvanceMs)
        {
            var end = start + windows.SizeMs;
            if (end <= closeTime) continue;
            var updated = _store.TryFetch(record.Key, start, out var existing) ? aggregator(record.Key, record.Value, existing)
                : firstAggregate is null ? aggregator(record.Key, record.Value, initializer()) : firstAggregate(record.Value);
            _store.Put(record.Key, updated, start);
            if (!emitOnWindowClose)
                _context.Forward(new Record<Windowed<TKey>, TAggregate>(
                    new Windowed<TKey>(record.Key, new TimeWindow(start, end)), updated, timestamp, record.HeadersOrNull));
            updatedAny = true;
        }
        if (!updatedAny)
        {
            DroppedLateRecords++;
            TaskMetrics.RecordDropped(_context.ApplicationId, _context.TaskId, TaskMetrics.LateRecord);
        }
    }

    /// <summary>Forwards every window that closed since the last call (end &lt;= closeTime), oldest first.</summary>
    private void EmitClosedWindows(long closeTime)
    {
        if (closeTime <= _lastEmitCloseTime) return;
        // Windows ending in (lastEmitCloseTime, closeTime] start in (lastEmitCloseTime - size, closeTime - size].
        var fromStart = Math.Max(0, _lastEmitCloseTime - windows.SizeMs + 1);
        var toStart = closeTime - windows.SizeMs;
        _lastEmitCloseTime = closeTime;
        if (toStart < fromStart) return;
        foreach (var (windowed, aggregate) in _store.FetchAll(fromStart, toStart))
            _context.Forward(new Record<Windowed<TKey>, TAggregate>(windowed, aggregate, windowed.Window.EndMs - 1));
    }
}
