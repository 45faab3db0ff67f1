using Confluent.Kafka;

namespace SusyTopology.InMemoryKafka;

/// <summary>
/// An in-memory Kafka with the semantics the exactly-once proof depends on: partition logs, consumer groups with
/// eager rebalances and generation-checked commits, transactions with a last stable offset, read_committed
/// consumers that never see aborted or open transactional records, group offsets committed atomically with a
/// transaction, and fencing of older producer epochs of a transactional id. One lock guards everything: it is a
/// test double, correctness first.
/// </summary>
public sealed class InMemoryKafkaCluster
{
    internal object Sync { get; } = new();
    private readonly Dictionary<string, PartitionLog[]> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Epoch, InMemoryTransaction? Open)> _transactionalIds = new(StringComparer.Ordinal);
    private int _nextMemberId;

    public FaultInjector Faults { get; } = new();

    /// <summary>Requests refused because their producer epoch or consumer generation was fenced (zombies).</summary>
    public int FencedRequests { get; private set; }

    private readonly List<InMemoryTransaction> _transactions = [];

    /// <summary>Every transaction ever begun, in order (as the coordinator sees them: expired ones aborted).</summary>
    public IReadOnlyList<InMemoryTransaction> Transactions()
    {
        lock (Sync)
        {
            ExpireTransactions();
            return [.. _transactions];
        }
    }

    /// <summary>Counts a request refused to a zombie (see <see cref="FencedRequests"/>).</summary>
    internal void CountFenced() => FencedRequests++;

    /// <summary>
    /// A transaction.timeout.ms for tests that crash processes: a crashed process's open transaction holds readers back
    /// this long (a minute by default). With a commit every processing round a healthy transaction lasts milliseconds:
    /// the longest of ~6,800 in a run of the SUSY exactly-once tests on the 2-core project machine, shared with other
    /// builds, took 58 ms. Two seconds leaves 30 times that, so a slow round is not taken for a dead one, and costs
    /// each crash 2 s at most.
    /// </summary>
    public static readonly TimeSpan ShortTransactionTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The broker's clock: group and transaction timeouts (a client's poll deadlines follow its process's).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The broker's <c>group.initial.rebalance.delay.ms</c>: an empty group's first rebalance waits this long for more
    /// members. Zero (no wait) unless set; a broker's default is 3 s.
    /// </summary>
    public TimeSpan InitialRebalanceDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Partition count (the broker's num.partitions) for topics a producer or consumer names before anyone created
    /// them (Kafka's auto-create) and for topics created without a count.
    /// </summary>
    public int DefaultPartitions { get; init; } = 1;

    /// <summary>Creates <paramref name="name"/> unless it exists (then nothing changes).</summary>
    public void CreateTopic(string name, int partitions) => TryCreateTopic(name, partitions);

    /// <summary>False when the topic already exists; a partition count below one means the broker's default.</summary>
    internal bool TryCreateTopic(string name, int partitions)
    {
        lock (Sync)
        {
            if (_topics.ContainsKey(name)) return false;
            var count = partitions > 0 ? partitions : DefaultPartitions;
            _topics[name] = Enumerable.Range(0, count).Select(p => new PartitionLog(new TopicPartition(name, p))).ToArray();
            Monitor.PulseAll(Sync);
            return true;
        }
    }

    public bool TopicExists(string name)
    {
        lock (Sync) return _topics.ContainsKey(name);
    }

    public int PartitionCount(string topic)
    {
        lock (Sync) return Topic(topic).Length;
    }

    /// <summary>Every existing topic with its partition count, as a metadata request would list them.</summary>
    public IReadOnlyDictionary<string, int> PartitionCounts()
    {
        lock (Sync) return _topics.ToDictionary(t => t.Key, t => t.Value.Length, StringComparer.Ordinal);
    }

    /// <summary>
    /// Every record of <paramref name="topic"/> a consumer with that isolation level would read, in partition order;
    /// with <paramref name="includingDeleted"/> also those DeleteRecords removed (what a repartition topic once held).
    /// </summary>
    public IReadOnlyList<LogEntry> Read(string topic, bool readCommitted = true, bool includingDeleted = false)
    {
        lock (Sync)
        {
            ExpireTransactions();
            return Topic(topic)
                .SelectMany(p => (includingDeleted ? p.AllEntries : p.Entries).Where(e => !readCommitted || (e.Offset < p.LastStableOffset && e.IsCommitted)))
                .ToList();
        }
    }

    /// <summary>The transaction markers (control records) of a partition, which <see cref="Read"/> leaves out.</summary>
    public IReadOnlyList<LogEntry> Markers(TopicPartition partition)
    {
        lock (Sync) return Log(partition).Markers.ToList();
    }

    public long? CommittedOffset(string groupId, TopicPartition partition)
    {
        lock (Sync)
            return _groups.TryGetValue(groupId, out var group) && group.Committed.TryGetValue(partition, out var offset)
                ? offset
                : null;
    }

    /// <summary>Each group's generation, members (* when rejoined) and whether a rebalance is pending: for timeout messages.</summary>
    public string DescribeGroups()
    {
        lock (Sync)
            return string.Join("; ", _groups.Values.Select(g =>
                $"group {g.Id} generation {g.Generation}{(g.RebalancePending ? " rebalancing" : "")}: " +
                string.Join(' ', g.Members.Select(m => m.MemberId + (g.Joined.Contains(m) ? "*" : "")))));
    }

    internal PartitionLog[] Topic(string name)
    {
        if (!_topics.TryGetValue(name, out var partitions))
        {
            partitions = Enumerable.Range(0, DefaultPartitions).Select(p => new PartitionLog(new TopicPartition(name, p))).ToArray();
            _topics[name] = partitions;
        }
        return partitions;
    }

    internal PartitionLog Log(TopicPartition partition)
    {
        var partitions = Topic(partition.Topic);
        if (partition.Partition.Value < 0 || partition.Partition.Value >= partitions.Length)
            throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart, $"{partition} does not exist"));
        return partitions[partition.Partition.Value];
    }

    /// <summary>The partition's log if its topic exists, without auto-creating it (admin requests never do).</summary>
    internal PartitionLog? ExistingLog(TopicPartition partition) =>
        _topics.TryGetValue(partition.Topic, out var partitions) && partition.Partition.Value >= 0
            && partition.Partition.Value < partitions.Length
            ? partitions[partition.Partition.Value]
            : null;

    internal ConsumerGroup Group(string id)
    {
        if (!_groups.TryGetValue(id, out var group)) _groups[id] = group = new ConsumerGroup(id);
        return group;
    }

    internal string NextMemberId(string clientId) => $"{clientId}-{Interlocked.Increment(ref _nextMemberId)}";

    /// <summary>InitProducerId: bumps the epoch (fencing older producers) and aborts what the previous epoch left open.</summary>
    internal int InitProducerId(string transactionalId)
    {
        ExpireTransactions();
        _transactionalIds.TryGetValue(transactionalId, out var state);
        if (state.Open is not null) EndTransaction(state.Open, commit: false);
        _transactionalIds[transactionalId] = (state.Epoch + 1, null);
        return state.Epoch + 1;
    }

    /// <summary>
    /// Refuses a producer whose epoch is no longer current (it was fenced, or its transaction timed out: that is
    /// checked first, as the coordinator would have aborted it by now).
    /// </summary>
    internal void CheckEpoch(string transactionalId, int epoch)
    {
        ExpireTransactions();
        if (_transactionalIds.TryGetValue(transactionalId, out var state) && state.Epoch != epoch)
        {
            CountFenced();
            throw new KafkaException(new Error(ErrorCode.ProducerFenced,
                $"transactional id {transactionalId} epoch {epoch} was fenced by epoch {state.Epoch}", true));
        }
    }

    internal InMemoryTransaction BeginTransaction(string transactionalId, int epoch, string process, TimeSpan timeout)
    {
        CheckEpoch(transactionalId, epoch);
        var state = _transactionalIds[transactionalId];
        if (state.Open is not null)
            throw new KafkaException(new Error(ErrorCode.Local_State, "a transaction is already in progress"));
        var transaction = new InMemoryTransaction(transactionalId, epoch)
        {
            Process = process,
            StartedAt = Time.GetUtcNow(),
            Timeout = timeout,
        };
        _transactions.Add(transaction);
        _transactionalIds[transactionalId] = (epoch, transaction);
        return transaction;
    }

    internal void EndTransaction(InMemoryTransaction transaction, bool commit)
    {
        if (transaction.State != TransactionState.Open) return;
        transaction.State = commit ? TransactionState.Committed : TransactionState.Aborted;
        transaction.EndedAt = Time.GetUtcNow();
        foreach (var log in transaction.FirstOffsets.Keys) log.EndTransaction(transaction, transaction.EndedAt.Value);
        if (commit)
            foreach (var ((group, partition), offset) in transaction.PendingOffsets)
                Group(group).Committed[partition] = offset;
        if (_transactionalIds.TryGetValue(transaction.TransactionalId, out var state) && state.Open == transaction)
            _transactionalIds[transaction.TransactionalId] = (state.Epoch, null);
        Monitor.PulseAll(Sync);
    }

    /// <summary>
    /// The coordinator aborts every transaction open longer than its timeout (on <see cref="Time"/>), as a broker
    /// does for a producer that died, stalled or was closed without ending it, and bumps the epoch so that producer
    /// is fenced if it comes back. A broker does it on a timer; the double checks wherever that could be noticed:
    /// reads, the last stable offset, offset fetches, InitProducerId and every transactional request.
    /// </summary>
    internal void ExpireTransactions()
    {
        var now = Time.GetUtcNow();
        foreach (var (id, state) in _transactionalIds.ToList())
        {
            if (state.Open is not { } open || now - open.StartedAt <= open.Timeout) continue;
            EndTransaction(open, commit: false);
            _transactionalIds[id] = (state.Epoch + 1, null);
        }
    }

    /// <summary>KIP-447's require_stable: a group offset with a pending transactional commit cannot be fetched yet.</summary>
    internal bool HasPendingTransactionalOffset(string groupId, TopicPartition partition)
    {
        ExpireTransactions();
        return _transactionalIds.Values.Any(s => s.Open is not null && s.Open.PendingOffsets.ContainsKey((groupId, partition)));
    }
}
