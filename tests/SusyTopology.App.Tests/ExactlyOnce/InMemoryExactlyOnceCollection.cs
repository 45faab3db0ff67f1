namespace SusyTopology.App.Tests.ExactlyOnce;

/// <summary>
/// The exactly-once tests on the in-memory Kafka, one class at a time and apart from the other tests: each runs several
/// Streamiz instances with two threads, and two cores shared with more made their 30 s waits tight.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InMemoryExactlyOnceCollection
{
    public const string Name = "in-memory exactly-once";
}
