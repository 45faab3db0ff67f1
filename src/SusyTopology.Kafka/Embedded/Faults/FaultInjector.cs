namespace SusyTopology.Kafka.Embedded.Faults;

/// <summary>A fault as it was applied, at its time after the schedule started.</summary>
public sealed record InjectedFault(TimeSpan At, string What);

/// <summary>
/// Applies a <see cref="FaultSchedule"/> to an <see cref="EmbeddedKafkaCluster"/> on the given clock: each step at its
/// time after <see cref="RunAsync"/> starts, a broker outage ended by bringing the broker back up, and a final lift
/// (errors no client asked for are dropped, every broker up) so that no fault outlives the schedule.
/// </summary>
public sealed class FaultInjector
{
    private readonly EmbeddedKafkaCluster _cluster;
    private readonly FaultSchedule _schedule;
    private readonly TimeProvider _time;

    /// <exception cref="ArgumentException">The schedule names a broker or topic the cluster does not have.</exception>
    public FaultInjector(EmbeddedKafkaCluster cluster, FaultSchedule schedule, TimeProvider time)
    {
        _cluster = cluster;
        _schedule = schedule;
        _time = time;
        var topics = cluster.Topics;
        foreach (var step in schedule.Steps)
        {
            switch (step.Fault)
            {
                case BrokerDown d when d.Broker > cluster.BrokerCount:
                    throw new ArgumentException($"The schedule takes broker {d.Broker} down; the cluster has {cluster.BrokerCount} broker(s).");
                case CoordinatorMove c when c.Broker > cluster.BrokerCount:
                    throw new ArgumentException($"The schedule moves a coordinator to broker {c.Broker}; the cluster has {cluster.BrokerCount} broker(s).");
                case LeaderChange l when l.Broker > cluster.BrokerCount:
                    throw new ArgumentException($"The schedule moves leaders to broker {l.Broker}; the cluster has {cluster.BrokerCount} broker(s).");
                case LeaderChange l when !topics.TryGetValue(l.Topic, out var partitions) || l.Partition >= partitions:
                    throw new ArgumentException($"The schedule moves the leader of {l.Topic}{(l.Partition is { } p ? $"[{p}]" : "")}, which the cluster does not have.");
            }
        }
    }

    /// <summary>Runs the schedule from now, reporting each fault as it is applied; returns them all once lifted.</summary>
    public async Task<IReadOnlyList<InjectedFault>> RunAsync(Action<InjectedFault>? report = null, CancellationToken ct = default)
    {
        var start = _time.GetTimestamp();
        var applied = new List<InjectedFault>();
        var apiKeys = new HashSet<short>();
        foreach (var (at, what, apply) in Timeline(apiKeys))
        {
            // A timer may fire a millisecond or two before its time: wait again until the fault is due, never early.
            for (var wait = at - _time.GetElapsedTime(start); wait > TimeSpan.Zero; wait = at - _time.GetElapsedTime(start))
                await Task.Delay(wait, _time, ct);
            apply();
            var injected = new InjectedFault(_time.GetElapsedTime(start), what);
            applied.Add(injected);
            report?.Invoke(injected);
        }
        return applied;
    }

    /// <summary>Every action in time order; a broker's return counts as one, as does the lift.</summary>
    private List<(TimeSpan At, string What, Action Apply)> Timeline(HashSet<short> apiKeys)
    {
        var actions = new List<(TimeSpan At, string What, Action Apply)>();
        foreach (var (at, fault) in _schedule.WithFinalLift())
        {
            switch (fault)
            {
                case BrokerDown down:
                    actions.Add((at, fault.Describe(), () => _cluster.SetBrokerDown(down.Broker)));
                    actions.Add((at + down.Duration, $"broker {down.Broker} up", () => _cluster.SetBrokerUp(down.Broker)));
                    break;
                case RequestErrors errors:
                    apiKeys.Add(errors.ApiKey);
                    actions.Add((at, fault.Describe(), () => _cluster.PushRequestErrors(errors.ApiKey, [.. errors.Errors])));
                    break;
                case LeaderChange leader:
                    actions.Add((at, fault.Describe(), () =>
                    {
                        var partitions = leader.Partition is { } p ? [p] : Enumerable.Range(0, _cluster.Topics[leader.Topic]);
                        foreach (var partition in partitions) _cluster.SetPartitionLeader(leader.Topic, partition, leader.Broker);
                    }
                    ));
                    break;
                case CoordinatorMove move:
                    actions.Add((at, fault.Describe(), () => _cluster.SetGroupCoordinator(move.Group, move.Broker)));
                    break;
                case LiftFaults:
                    actions.Add((at, fault.Describe(), () =>
                    {
                        foreach (var key in apiKeys) _cluster.ClearRequestErrors(key);
                        for (var broker = 1; broker <= _cluster.BrokerCount; broker++) _cluster.SetBrokerUp(broker);
                    }
                    ));
                    break;
            }
        }
        // Stable: a broker's return before a later step at the same time; the lift last among equals.
        return [.. actions.Select((a, i) => (a, i)).OrderBy(x => x.a.At).ThenBy(x => x.i).Select(x => x.a)];
    }
}
