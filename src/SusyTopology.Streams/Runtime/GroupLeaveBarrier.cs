namespace SusyTopology.Streams.Runtime;

/// <summary>
/// Holds a closing client's stream threads after their final commit until every one of them has committed, so that
/// none leaves the consumer group first: a member leaving starts a rebalance, and the coordinator refuses the offset
/// commits of the members still closing (REBALANCE_IN_PROGRESS) — at-least-once would then re-process their last
/// commit interval on the next start. The wait is bounded: a thread that hangs costs the others at most
/// <see cref="Timeout"/>, never the shutdown.
/// </summary>
internal sealed class GroupLeaveBarrier
{
    private readonly CountdownEvent _pending;
    private readonly HashSet<object> _arrived = new(ReferenceEqualityComparer.Instance);

    public GroupLeaveBarrier(int members, TimeSpan timeout)
    {
        _pending = new CountdownEvent(members);
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }

    /// <summary>The member (a stream thread) has committed (or will not: it failed or was already dead); once per thread.</summary>
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
