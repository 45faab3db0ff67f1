namespace SusyTopology.Streams.Kstream;

/// <summary>The key of a windowed aggregation result: the grouping key plus the window it belongs to.</summary>
public readonly record struct Windowed<TKey>(TKey Key, TimeWindow Window)
{
    public override string ToString() => $"[{Key}@{Window.StartMs}/{Window.EndMs}]";
}
