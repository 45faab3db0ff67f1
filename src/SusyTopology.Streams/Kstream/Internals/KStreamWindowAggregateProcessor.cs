using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Kstream.Internals;

/// <summary>
/// Windowed aggregate: updates every window containing the record, unless stream time has already passed that
/// window's end plus the grace period — then the record is late for that window and dropped (counted in
/// <see cref="DroppedLateRecords"/>). Forwards every updated window as (Windowed key, aggregate).
/// </summary>
internal sealed class KStreamWindowAggregateProcessor<TKey, TValue, TAggregate>(string storeName, TimeWindows windows,
    Func<TAggregate> initializer, Func<TKey, TValue, TAggregate, TAggregate> aggregator,
    Func<TValue, TAggregate>? firstAggregate = null)
    : IProcessor<TKey, TValue, Windowed<TKey>, TAggregate>
{
    private IProcessorContext<Windowed<TKey>, TAggregate> _context = null!;
    private IWindowStore<TKey, TAggregate> _store = null!;
    private long _observedStreamTime = -1;

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
            _context.Forward(new Record<Windowed<TKey>, TAggregate>(
                new Windowed<TKey>(record.Key, new TimeWindow(start, end)), updated, timestamp, record.HeadersOrNull));
            updatedAny = true;
        }
        if (!updatedAny) DroppedLateRecords++;
    }
}
