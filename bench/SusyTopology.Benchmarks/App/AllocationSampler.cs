using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace SusyTopology.Benchmarks.App;

/// <summary>
/// Where the measured run's allocations go, by type: the runtime's GC AllocationTick event fires about once per 100 KB
/// allocated and names the type of the object that crossed the threshold, so counting ticks per type samples the
/// allocation volume (SUSY_BENCH_APP_ALLOC=1; a diagnostic, it perturbs the figures slightly).
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName != "GCAllocationTick_V4" || e.Payload is null) return;
        var name = e.PayloadNames!.IndexOf("TypeName") is var i and >= 0 ? e.Payload[i] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var j and >= 0 ? Convert.ToInt64(e.Payload[j]) : 100_000;
        _bytesByType.AddOrUpdate(name, amount, (_, total) => total + amount);
    }

    public void Print(TextWriter output)
    {
        var total = _bytesByType.Values.Sum();
        output.WriteLine($"[alloc] sampled {total / 1e6:N0} MB (warm-up and measured run):");
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(kv => kv.Value).Take(25))
            output.WriteLine($"[alloc] {bytes * 100.0 / total,5:N1} %  {type}");
    }
}
