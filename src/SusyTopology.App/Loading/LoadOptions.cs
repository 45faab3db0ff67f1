namespace SusyTopology.App.Loading;

public sealed record LoadOptions
{
    public required string CsvPath { get; init; }
    public string Topic { get; init; } = "susy-events";
    /// <summary>Stop after this many events (with <see cref="Loop"/>, across passes); null = the whole file once.</summary>
    public long? Rows { get; init; }
    public double TestFraction { get; init; } = 0.4;
    public ulong Seed { get; init; } = 123;
    /// <summary>Events per second; 0 = as fast as the producer goes.</summary>
    public double Rate { get; init; }
    /// <summary>Read the file again and again (new event ids each pass) until <see cref="Rows"/> or Ctrl-C.</summary>
    public bool Loop { get; init; }
    /// <summary>The first event's id; the next ones count up from it (`susy load` starts after the topic's highest id).</summary>
    public long FirstEventId { get; init; } = 1;
}

/// <summary>What a load did. Bad rows carry their line numbers.</summary>
public sealed record LoadResult(long Produced, long Train, long Test, IReadOnlyList<string> BadRows, long BadRowCount, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Produced / Elapsed.TotalSeconds : 0;
}
