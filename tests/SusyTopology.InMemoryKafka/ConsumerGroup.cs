using Confluent.Kafka;

namespace SusyTopology.InMemoryKafka;

/// <summary>
/// A consumer group with Kafka's eager rebalance protocol: a membership change opens a rebalance; every member
/// revokes everything it owns and rejoins on its next poll (its old generation still valid until then); when all
/// have rejoined, partitions are spread over them and the generation advances.
/// </summary>
internal sealed class ConsumerGroup(string id)
{
    /// <summary>When the first member joined the then empty group: the broker's <c>group.initial.rebalance.delay.ms</c>
    /// counts from there.</summary>
    private DateTimeOffset _formingSince;

    public string Id { get; } = id;
    public int Generation { get; private set; }
    public bool RebalancePending { get; private set; }
    public List<InMemoryConsumer> Members { get; } = [];
    public HashSet<InMemoryConsumer> Joined { get; } = [];
    public Dictionary<InMemoryConsumer, List<TopicPartition>> Assignment { get; } = [];
    public Dictionary<TopicPartition, long> Committed { get; } = [];

    public void Add(InMemoryConsumer member, DateTimeOffset now)
    {
        if (Members.Count == 0) _formingSince = now;
        if (!Members.Contains(member)) Members.Add(member);
        StartRebalance();
    }

    public void Remove(InMemoryConsumer member)
    {
        if (!Members.Remove(member)) return;
        Joined.Remove(member);
        Assignment.Remove(member);
        StartRebalance();
    }

    private void StartRebalance()
    {
        RebalancePending = true;
        Joined.Clear();
    }

    /// <summary>
    /// Completes the rebalance once every member rejoined, and, for a group that was empty, once the initial
    /// rebalance delay passed (so members starting together share its first generation, as on a broker): a range
    /// assignment per topic, members by id.
    /// </summary>
    public bool TryComplete(Func<string, int> partitionCount, DateTimeOffset now, TimeSpan initialDelay)
    {
        if (!RebalancePending || Members.Any(m => !Joined.Contains(m))) return false;
        if (now < _formingSince + initialDelay) return false;
        Assignment.Clear();
        var members = Members.OrderBy(m => m.MemberId, StringComparer.Ordinal).ToList();
        foreach (var member in members) Assignment[member] = [];
        var topics = members.SelectMany(m => m.SubscribedTopics).Distinct().OrderBy(t => t, StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            var subscribers = members.Where(m => m.SubscribedTopics.Contains(topic)).ToList();
            var partitions = partitionCount(topic);
            for (var p = 0; p < partitions; p++)
                Assignment[subscribers[p * subscribers.Count / partitions]].Add(new TopicPartition(topic, p));
        }
        Generation++;
        RebalancePending = false;
        Joined.Clear();
        return true;
    }

    /// <summary>Kafka's OffsetCommit check: only a member of the current generation that has not yet rejoined may commit.</summary>
    public ErrorCode ValidateCommit(string memberId, int generation)
    {
        var member = Members.FirstOrDefault(m => m.MemberId == memberId);
        if (member is null) return ErrorCode.UnknownMemberId;
        if (generation != Generation) return ErrorCode.IllegalGeneration;
        if (Joined.Contains(member)) return ErrorCode.RebalanceInProgress;
        return ErrorCode.NoError;
    }
}
