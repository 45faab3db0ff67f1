namespace SusyTopology.Streams.Runtime;

/// <summary>
/// Lets a client's stream threads pass a point of their life only together, because the group coordinator punishes
/// members that come or go one by one. Used twice:
/// <list type="bullet">
/// <item><b>Joining</b>: each thread creates its clients (under exactly-once <c>InitTransactions</c> can take a while)
/// and then waits for the others before it subscribes, so that all join in the coordinator's first generation. A
/// member that joins late triggers a second rebalance, during which the first ones' tasks are revoked — on
/// librdkafka's mock broker that costs <c>session.timeout.ms</c> − 1 s, and its refused revocation commits are what
/// once made CI re-process the whole input.</item>
/// <item><b>Leaving</b> (<see cref="KafkaStreams.Close(TimeSpan)"/>): each thread commits, then waits for the others
/// before it leaves the group: a member leaving starts a rebalance, and the coordinator refuses the offset commits of
/// the members still closing (REBALANCE_IN_PROGRESS) — at-least-once would re-process their last commit interval on
/// the next start.</item>
/// </list>
/// The wait is bounded: a thread that hangs or dies costs the others at most <see cref="Timeout"/>.
/// </summary>
internal sealed class ThreadRendezvous
{
    private readonly CountdownEvent _pending;
    private readonly HashSet<object> _arrived = new(ReferenceEqualityComparer.Instance);

    public ThreadRendezvous(int members, TimeSpan timeout)
    {
        _pending = new CountdownEvent(members);
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }

    /// <summary>The member (a stream thread) is there, or will never be (it failed or was already dead); counts once per member.</summary>
    public void Arrive(object member)
    {
        lock (_arrived)
            if (!_arrived.Add(member)) return;
        _pending.Signal();
    }

    /// <summary>Arrives, then waits (bounded) for the others; false on time-out.</summary>
    public bool ArriveAndWait(object member)
    {
        Arrive(member);
        return _pending.Wait(Timeout);
    }
}
