using SusyTopology.InMemoryKafka;

namespace SusyTopology.App.Tests.ExactlyOnce;

/// <summary>One armed crash: the <c>Skip + 1</c>-th time any client reaches <see cref="Step"/> (for a record of
/// <see cref="Topic"/> when set).</summary>
public sealed record FaultSpec(CommitStep Step, string? Topic, int Skip)
{
    public override string ToString() => Topic is null ? $"{Step}#{Skip + 1}" : $"{Step}({Topic})#{Skip + 1}";
}
