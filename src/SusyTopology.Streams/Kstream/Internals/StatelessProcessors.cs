using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Kstream.Internals;

// The stateless DSL operators. Each is a tiny processor so the DSL and the processor API share one execution path.

/// <summary>Forwards records whose predicate result equals the wanted outcome (Filter / FilterNot).</summary>
internal sealed class FilterProcessor<TKey, TValue>(Func<TKey, TValue, bool> predicate, bool keepWhen)
    : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        if (predicate(record.Key, record.Value) == keepWhen) _context.Forward(record);
    }
}

internal sealed class MapProcessor<TKey, TValue, TNewKey, TNewValue>(Func<TKey, TValue, (TNewKey Key, TNewValue Value)> mapper)
    : IProcessor<TKey, TValue, TNewKey, TNewValue>
{
    private IProcessorContext<TNewKey, TNewValue> _context = null!;

    public void Init(IProcessorContext<TNewKey, TNewValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        var (key, value) = mapper(record.Key, record.Value);
        _context.Forward(record.WithKey(key).WithValue(value));
    }
}

internal sealed class MapValuesProcessor<TKey, TValue, TNewValue>(Func<TKey, TValue, TNewValue> mapper)
    : IProcessor<TKey, TValue, TKey, TNewValue>
{
    private IProcessorContext<TKey, TNewValue> _context = null!;

    public void Init(IProcessorContext<TKey, TNewValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record) => _context.Forward(record.WithValue(mapper(record.Key, record.Value)));
}

internal sealed class PeekProcessor<TKey, TValue>(Action<TKey, TValue> action) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        action(record.Key, record.Value);
        _context.Forward(record);
    }
}

/// <summary>Forwards unchanged: merge points, branch outputs, ToStream.</summary>
internal sealed class PassThroughProcessor<TKey, TValue> : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record) => _context.Forward(record);
}

/// <summary>Drops records with a null key: they cannot be partitioned or aggregated.</summary>
internal sealed class NullKeyFilterProcessor<TKey, TValue> : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;

    public void Init(IProcessorContext<TKey, TValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        if (record.Key is not null) _context.Forward(record);
    }
}

/// <summary>Sends each record to the child of the first matching predicate, else to the default child if any.</summary>
internal sealed class BranchProcessor<TKey, TValue>(List<(Func<TKey, TValue, bool> Predicate, string Child)> branches,
    Func<string?> defaultChild) : IProcessor<TKey, TValue, TKey, TValue>
{
    private IProcessorContext<TKey, TValue> _context = null!;
    private (Func<TKey, TValue, bool> Predicate, string Child)[] _branches = [];
    private string? _defaultChild;

    public void Init(IProcessorContext<TKey, TValue> context)
    {
        _context = context;
        _branches = branches.ToArray();
        _defaultChild = defaultChild();
    }

    public void Process(Record<TKey, TValue> record)
    {
        foreach (var (predicate, child) in _branches)
        {
            if (!predicate(record.Key, record.Value)) continue;
            _context.Forward(record, child);
            return;
        }
        if (_defaultChild is not null) _context.Forward(record, _defaultChild);
    }
}

internal sealed class FlatMapProcessor<TKey, TValue, TNewKey, TNewValue>(
    Func<TKey, TValue, IEnumerable<(TNewKey Key, TNewValue Value)>> mapper) : IProcessor<TKey, TValue, TNewKey, TNewValue>
{
    private IProcessorContext<TNewKey, TNewValue> _context = null!;

    public void Init(IProcessorContext<TNewKey, TNewValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        foreach (var (key, value) in mapper(record.Key, record.Value)) _context.Forward(record.WithKey(key).WithValue(value));
    }
}

internal sealed class FlatMapValuesProcessor<TKey, TValue, TNewValue>(Func<TValue, IEnumerable<TNewValue>> mapper)
    : IProcessor<TKey, TValue, TKey, TNewValue>
{
    private IProcessorContext<TKey, TNewValue> _context = null!;

    public void Init(IProcessorContext<TKey, TNewValue> context) => _context = context;

    public void Process(Record<TKey, TValue> record)
    {
        foreach (var value in mapper(record.Value)) _context.Forward(record.WithValue(value));
    }
}
