namespace SusyTopology.App.Tests.EndToEnd;

/// <summary>
/// The tests that run the app on embedded clusters, one at a time: on two cores, two of them side by side (each with a
/// broker, two stream threads, a global thread and a JIT warming up) slowed group joins enough to force extra
/// rebalances, which at_least_once turns into replayed input the tests would count as duplicates.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EmbeddedClusterCollection
{
    public const string Name = "embedded cluster";
}
