namespace SusyTopology.App.Tests.ExactlyOnce;

/// <summary>
/// A crash scenario: each fault kills one process (the first, then its replacement, ...), and a last process runs to
/// the end. <see cref="Representative"/> marks the ones the default test run covers.
/// </summary>
public sealed record CrashPoint(string Where, bool Representative, params FaultSpec[] Faults)
{
    public string Name => string.Join(" then ", Faults.Select(f => f.ToString()));

    public override string ToString() => $"{Where}: {Name}";
}
