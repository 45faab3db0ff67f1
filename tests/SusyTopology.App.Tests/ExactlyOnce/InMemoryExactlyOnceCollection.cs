namespace SusyTopology.App.Tests.ExactlyOnce;

/// <summary>
/// The exactly-once tests on the in-memory Kafka, alone: each runs several Streamiz instances with two threads, and
/// with the classes side by side on two cores a reference run missed its 30 s patience in 2 of 4 runs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InMemoryExactlyOnceCollection
{
    public const string Name = "in-memory exactly-once";
}
