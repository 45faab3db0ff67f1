using Confluent.Kafka;
using Streamiz.Kafka.Net.Kafka;

namespace SusyTopology.InMemoryKafka;

/// <summary>
/// Confluent's consumer interface on the in-memory cluster: either a group member (<see cref="Subscribe(IEnumerable{string})"/>;
/// Streamiz's rebalance listener is called from inside <see cref="Consume(TimeSpan)"/>, as librdkafka calls its
/// callbacks) or manually assigned. read_committed stops at the last stable offset and skips aborted records; no
/// reader is ever handed a transaction marker, but its position moves past them. Offsets committed while a
/// transaction still holds an offset for the same partition are not fetched until it ends (KIP-447). Without a
/// committed offset or a seek, reading starts where <c>auto.offset.reset</c> says, latest unless set (librdkafka's
/// default).
/// </summary>
public sealed class InMemoryConsumer : IConsumer<byte[], byte[]>
{
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(20);

    private readonly InMemoryKafkaSupplier _process;
    private readonly InMemoryKafkaCluster _cluster;
    private readonly IConsumerRebalanceListener? _listener;
    private readonly string? _groupId;
    private readonly bool _readCommitted;
    private readonly bool _resetToEarliest;
    private readonly bool _reportPartitionEof;
    private readonly List<TopicPartition> _owned = [];
    private readonly Dictionary<TopicPartition, long> _positions = [];
    private readonly Dictionary<TopicPartition, long> _pendingSeeks = [];
    private readonly HashSet<TopicPartition> _paused = [];
    private readonly HashSet<TopicPartition> _eofReported = [];
    private readonly Dictionary<TopicPartition, long> _stored = [];
    private List<string> _subscription = [];
    private ConsumerGroup? _group;
    private int _knownGeneration = -1;
    private int _roundRobin;
    private bool _closed;

    internal InMemoryConsumer(InMemoryKafkaSupplier process, ConsumerConfig config, IConsumerRebalanceListener? listener)
    {
        _process = process;
        _cluster = process.Cluster;
        _listener = listener;
        _groupId = config.GroupId;
        _readCommitted = config.IsolationLevel != IsolationLevel.ReadUncommitted;
        _resetToEarliest = config.AutoOffsetReset == AutoOffsetReset.Earliest;
        _reportPartitionEof = config.EnablePartitionEof == true;
        Name = $"{process.Name}/{config.ClientId ?? "consumer"}";
        MemberId = _cluster.NextMemberId(config.ClientId ?? "consumer");
    }

    public string Name { get; }
    public string MemberId { get; }

    /// <summary>Set for the consumer of Streamiz's global store thread.</summary>
    internal bool IsGlobal { get; init; }
    public Handle Handle => throw new NotSupportedException("The in-memory consumer has no librdkafka handle.");

    internal IReadOnlyList<string> SubscribedTopics => _subscription;

    public List<TopicPartition> Assignment
    {
        get { lock (_cluster.Sync) return [.. _owned]; }
    }

    public List<string> Subscription
    {
        get { lock (_cluster.Sync) return [.. _subscription]; }
    }

    public IConsumerGroupMetadata ConsumerGroupMetadata
    {
        get
        {
            lock (_cluster.Sync) return new InMemoryGroupMetadata(_groupId ?? "", MemberId, _knownGeneration);
        }
    }

    public int AddBrokers(string brokers) => 0;

    /// <summary>The double has no authentication: credentials are accepted and ignored.</summary>
    public void SetSaslCredentials(string username, string password) { }

    public void Subscribe(IEnumerable<string> topics)
    {
        lock (_cluster.Sync)
        {
            CheckAlive();
            if (_groupId is null) throw new KafkaException(new Error(ErrorCode.Local_State, "group.id is required to subscribe"));
            _subscription = topics.ToList();
            foreach (var topic in _subscription) _cluster.Topic(topic);
            _group = _cluster.Group(_groupId);
            _group.Add(this, _cluster.Time.GetUtcNow());
            Monitor.PulseAll(_cluster.Sync);
        }
    }

    public void Subscribe(string topic) => Subscribe([topic]);

    public void Unsubscribe()
    {
        lock (_cluster.Sync)
        {
            LeaveGroup();
            Monitor.PulseAll(_cluster.Sync);
        }
    }

    private void LeaveGroup()
    {
        _group?.Remove(this);
        _group = null;
        _subscription = [];
        _knownGeneration = -1;
        ClearAssignment();
    }

    private void ClearAssignment()
    {
        _owned.Clear();
        _positions.Clear();
        _pendingSeeks.Clear();
        _paused.Clear();
        _eofReported.Clear();
    }

    public void Assign(TopicPartition partition) => Assign([partition]);

    public void Assign(TopicPartitionOffset partition) => Assign([partition]);

    public void Assign(IEnumerable<TopicPartition> partitions) =>
        Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset)));

    public void Assign(IEnumerable<TopicPartitionOffset> partitions)
    {
        lock (_cluster.Sync)
        {
            CheckAlive();
            ClearAssignment();
            AddAssignment(partitions);
        }
    }

    public void IncrementalAssign(IEnumerable<TopicPartitionOffset> partitions)
    {
        lock (_cluster.Sync)
        {
            CheckAlive();
            AddAssignment(partitions);
        }
    }

    public void IncrementalAssign(IEnumerable<TopicPartition> partitions) =>
        IncrementalAssign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Unset)));

    public void IncrementalUnassign(IEnumerable<TopicPartition> partitions)
    {
        lock (_cluster.Sync)
        {
            foreach (var partition in partitions)
            {
                _owned.Remove(partition);
                _positions.Remove(partition);
                _pendingSeeks.Remove(partition);
                _paused.Remove(partition);
                _eofReported.Remove(partition);
            }
        }
    }

    public void Unassign()
    {
        lock (_cluster.Sync) ClearAssignment();
    }

    private void AddAssignment(IEnumerable<TopicPartitionOffset> partitions)
    {
        foreach (var partition in partitions)
        {
            _cluster.Log(partition.TopicPartition);
            if (!_owned.Contains(partition.TopicPartition)) _owned.Add(partition.TopicPartition);
            if (!partition.Offset.IsSpecial || partition.Offset == Offset.Beginning || partition.Offset == Offset.End)
                _pendingSeeks[partition.TopicPartition] = partition.Offset.Value;
        }
    }

    public void Seek(TopicPartitionOffset partition)
    {
        lock (_cluster.Sync)
        {
            _positions.Remove(partition.TopicPartition);
            _eofReported.Remove(partition.TopicPartition);
            _pendingSeeks[partition.TopicPartition] = partition.Offset.Value;
        }
    }

    public void Pause(IEnumerable<TopicPartition> partitions)
    {
        lock (_cluster.Sync) _paused.UnionWith(partitions);
    }

    public void Resume(IEnumerable<TopicPartition> partitions)
    {
        lock (_cluster.Sync) _paused.ExceptWith(partitions);
    }

    public ConsumeResult<byte[], byte[]>? Consume(int millisecondsTimeout) => Consume(TimeSpan.FromMilliseconds(millisecondsTimeout));

    public ConsumeResult<byte[], byte[]>? Consume(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = Consume(TimeSpan.FromMilliseconds(100));
            if (result is not null) return result;
        }
    }

    public ConsumeResult<byte[], byte[]>? Consume(TimeSpan timeout)
    {
        if (_process.Crashed && IsGlobal)
        {
            // The global store's consumer of a crashed process reads nothing: throwing would kill the test host through
            // Streamiz's global thread, which has no handler for it. Every other consumer throws, as the stream thread
            // must fail: one restoring a store polls only its restore consumer, and would restore for ever.
            // Streamiz's poll loop can ask for a negative wait (its next-wait formula), so the wait is clamped.
            Thread.Sleep(TimeSpan.FromTicks(Math.Clamp(timeout.Ticks, 0, WaitSlice.Ticks)));
            return null;
        }
        var deadline = DeadlineAfter(timeout);
        while (true)
        {
            RunGroupProtocol(deadline);
            ConsumeResult<byte[], byte[]>? result;
            lock (_cluster.Sync)
            {
                if (_process.Crashed && IsGlobal) return null; // crashed while waiting: see above
                CheckAlive();
                result = TryRead();
            }
            if (result is not null) return Deliver(result);
            lock (_cluster.Sync)
            {
                if (_group is { RebalancePending: true } && !_group.Joined.Contains(this) && _process.Time.GetUtcNow() < deadline) continue;
                if (!WaitForChange(deadline)) return null;
            }
        }
    }

    /// <summary>Confluent's poll timeouts: -1 ms waits for ever, any other negative one not at all.</summary>
    private DateTimeOffset DeadlineAfter(TimeSpan timeout)
    {
        var now = _process.Time.GetUtcNow();
        return timeout == Timeout.InfiniteTimeSpan || timeout >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + timeout;
    }

    /// <summary>
    /// Waits (holding <see cref="InMemoryKafkaCluster.Sync"/>) for a change on the cluster or one slice, never past
    /// <paramref name="deadline"/>; false once the deadline has passed. The remaining time is read once: a thread
    /// delayed between a deadline check and its wait must not hand <see cref="Monitor.Wait(object, TimeSpan)"/> a
    /// negative timeout, which means "for ever" at -1 ms (nothing may pulse again) and throws below it.
    /// </summary>
    private bool WaitForChange(DateTimeOffset deadline)
    {
        var remaining = deadline - _process.Time.GetUtcNow();
        if (remaining <= TimeSpan.Zero) return false;
        Monitor.Wait(_cluster.Sync, remaining < WaitSlice ? remaining : WaitSlice);
        return true;
    }

    /// <summary>
    /// The <see cref="CommitStep.AfterConsume"/> fault point. A global consumer whose process dies there reads nothing
    /// more instead of throwing, for the reason given in <see cref="Consume(TimeSpan)"/>; a restore consumer throws, so
    /// the stream thread restoring through it fails as a dying process's would.
    /// </summary>
    private ConsumeResult<byte[], byte[]>? Deliver(ConsumeResult<byte[], byte[]> result)
    {
        if (result.IsPartitionEOF) return result;
        try
        {
            _cluster.Faults.Hit(CommitStep.AfterConsume, _process, result.Topic);
        }
        catch (SimulatedCrashException) when (IsGlobal)
        {
            return null;
        }
        return result;
    }

    /// <summary>
    /// The member's side of an eager rebalance: revoke what it owns (its generation is still valid, so the
    /// callback may commit), rejoin, wait for the others, then receive the new assignment.
    /// </summary>
    private void RunGroupProtocol(DateTimeOffset deadline)
    {
        if (_group is null) return;
        RejoinIfExpired();
        List<TopicPartitionOffset>? revoked = null;
        lock (_cluster.Sync)
        {
            CheckAlive();
            if (_group is null || !_group.RebalancePending || _group.Joined.Contains(this)) goto awaitAssignment;
            if (_owned.Count > 0)
                revoked = _owned.Select(p => new TopicPartitionOffset(p, _positions.TryGetValue(p, out var o) ? o : Offset.Unset)).ToList();
        }
        if (revoked is not null) InvokeCallback(() => _listener?.PartitionsRevoked(this, revoked));
        lock (_cluster.Sync)
        {
            CheckAlive();
            ClearAssignment();
            if (_group is { RebalancePending: true } && _group.Members.Contains(this))
            {
                _group.Joined.Add(this);
                _group.TryComplete(_cluster.PartitionCount, _cluster.Time.GetUtcNow(), _cluster.InitialRebalanceDelay);
                Monitor.PulseAll(_cluster.Sync);
            }
        }

    awaitAssignment:
        List<TopicPartition>? assigned = null;
        lock (_cluster.Sync)
        {
            while (_group is { RebalancePending: true } && _group.Joined.Contains(this))
            {
                if (_group.TryComplete(_cluster.PartitionCount, _cluster.Time.GetUtcNow(), _cluster.InitialRebalanceDelay))
                {
                    Monitor.PulseAll(_cluster.Sync);
                    break;
                }
                if (!WaitForChange(deadline)) break;
                CheckAlive();
            }
            if (_group is { RebalancePending: false } group && _knownGeneration != group.Generation
                && group.Assignment.TryGetValue(this, out var assignment))
            {
                _knownGeneration = group.Generation;
                ClearAssignment();
                _owned.AddRange(assignment);
                assigned = [.. assignment];
            }
        }
        if (assigned is not null) InvokeCallback(() => _listener?.PartitionsAssigned(this, assigned));
    }

    /// <summary>
    /// A member the coordinator dropped learns it on its next poll: what it owned is lost, not revoked (another
    /// member may own it already, so the callback must not commit), and it rejoins as a new member would.
    /// </summary>
    private void RejoinIfExpired()
    {
        List<TopicPartitionOffset> lost;
        lock (_cluster.Sync)
        {
            CheckAlive();
            if (_group is null || _group.Members.Contains(this)) return;
            lost = _owned.Select(p => new TopicPartitionOffset(p, _positions.TryGetValue(p, out var o) ? o : Offset.Unset)).ToList();
            ClearAssignment();
            _knownGeneration = -1;
        }
        if (lost.Count > 0) InvokeCallback(() => _listener?.PartitionsLost(this, lost));
        lock (_cluster.Sync)
        {
            CheckAlive();
            _group?.Add(this, _cluster.Time.GetUtcNow());
            Monitor.PulseAll(_cluster.Sync);
        }
    }

    /// <summary>The coordinator drops this member (its session timed out); see <see cref="RejoinIfExpired"/>.</summary>
    internal void ExpireSession() => _group?.Remove(this);

    private void InvokeCallback(Action callback)
    {
        _process.InRebalanceCallback = true;
        try
        {
            callback();
        }
        finally
        {
            _process.InRebalanceCallback = false;
        }
    }

    private ConsumeResult<byte[], byte[]>? TryRead()
    {
        _cluster.ExpireTransactions(); // an expiry writes abort markers, which every reader steps over
        var count = _owned.Count;
        for (var i = 0; i < count; i++)
        {
            var partition = _owned[(_roundRobin + i) % count];
            if (_paused.Contains(partition) || !TryPosition(partition, out var position)) continue;
            var log = _cluster.Log(partition);
            if (position < log.LogStartOffset) position = _resetToEarliest ? log.LogStartOffset : log.HighWatermark;
            var limit = _readCommitted ? log.LastStableOffset : log.HighWatermark;
            // Markers are never delivered but the position moves past them (librdkafka's does, since 1.4), so a
            // reader that polled to the end stands at the high watermark (or the last stable offset).
            while (position < limit && (log[position].IsControl || (_readCommitted && log[position].IsAborted))) position++;
            _positions[partition] = position;
            if (position < limit)
            {
                var entry = log[position];
                _positions[partition] = position + 1;
                _eofReported.Remove(partition);
                _roundRobin = (_roundRobin + i + 1) % count;
                var headers = new Headers();
                foreach (var header in entry.Headers) headers.Add(header.Key, header.GetValueBytes());
                return new ConsumeResult<byte[], byte[]>
                {
                    TopicPartitionOffset = new TopicPartitionOffset(partition, entry.Offset),
                    Message = new Message<byte[], byte[]>
                    {
                        Key = entry.Key!,
                        Value = entry.Value!,
                        Headers = headers,
                        Timestamp = entry.Timestamp,
                    },
                };
            }
            if (_reportPartitionEof && _eofReported.Add(partition))
                return new ConsumeResult<byte[], byte[]>
                {
                    TopicPartitionOffset = new TopicPartitionOffset(partition, position),
                    IsPartitionEOF = true,
                };
        }
        return null;
    }

    /// <summary>
    /// Where a partition's reading starts: a seek, else the group's committed offset, else auto.offset.reset (which
    /// <see cref="TryRead"/> also applies when the position fell below the log start offset).
    /// </summary>
    private bool TryPosition(TopicPartition partition, out long position)
    {
        if (_positions.TryGetValue(partition, out position)) return true;
        var log = _cluster.Log(partition);
        if (_pendingSeeks.Remove(partition, out var seek))
        {
            position = seek == Offset.Beginning.Value ? log.LogStartOffset : seek == Offset.End.Value ? log.HighWatermark : seek;
        }
        else
        {
            if (_groupId is not null && _cluster.HasPendingTransactionalOffset(_groupId, partition)) return false;
            var committed = _groupId is null ? null : _cluster.CommittedOffset(_groupId, partition);
            position = committed ?? (_resetToEarliest ? log.LogStartOffset : log.HighWatermark);
        }
        _positions[partition] = position;
        return true;
    }

    public void StoreOffset(ConsumeResult<byte[], byte[]> result) =>
        StoreOffset(new TopicPartitionOffset(result.TopicPartition, result.Offset + 1));

    public void StoreOffset(TopicPartitionOffset offset)
    {
        lock (_cluster.Sync) _stored[offset.TopicPartition] = offset.Offset.Value;
    }

    public List<TopicPartitionOffset> Commit()
    {
        List<TopicPartitionOffset> offsets;
        lock (_cluster.Sync) offsets = _stored.Select(kv => new TopicPartitionOffset(kv.Key, kv.Value)).ToList();
        Commit(offsets);
        return offsets;
    }

    public void Commit(ConsumeResult<byte[], byte[]> result) =>
        Commit([new TopicPartitionOffset(result.TopicPartition, result.Offset + 1)]);

    public void Commit(IEnumerable<TopicPartitionOffset> offsets)
    {
        _cluster.Faults.Hit(CommitStep.BeforeCommitOffsets, _process);
        lock (_cluster.Sync)
        {
            CheckAlive();
            if (_groupId is null) throw new KafkaException(new Error(ErrorCode.Local_State, "no group.id"));
            var group = _cluster.Group(_groupId);
            if (_group is not null)
            {
                var check = group.ValidateCommit(MemberId, _knownGeneration);
                if (check != ErrorCode.NoError) throw new KafkaException(new Error(check, $"OffsetCommit refused: {check}"));
            }
            foreach (var offset in offsets) group.Committed[offset.TopicPartition] = offset.Offset.Value;
        }
        _cluster.Faults.Hit(CommitStep.AfterCommitOffsets, _process);
    }

    public List<TopicPartitionOffset> Committed(TimeSpan timeout) => Committed(Assignment, timeout);

    public List<TopicPartitionOffset> Committed(IEnumerable<TopicPartition> partitions, TimeSpan timeout)
    {
        lock (_cluster.Sync)
        {
            CheckAlive();
            return partitions.Select(p => new TopicPartitionOffset(p,
                (_groupId is null ? null : _cluster.CommittedOffset(_groupId, p)) is { } o ? new Offset(o) : Offset.Unset)).ToList();
        }
    }

    public Offset Position(TopicPartition partition)
    {
        lock (_cluster.Sync) return _positions.TryGetValue(partition, out var position) ? new Offset(position) : Offset.Unset;
    }

    public List<TopicPartitionOffset> OffsetsForTimes(IEnumerable<TopicPartitionTimestamp> timestampsToSearch, TimeSpan timeout)
    {
        lock (_cluster.Sync)
        {
            return timestampsToSearch.Select(t =>
            {
                var log = _cluster.Log(t.TopicPartition);
                var hit = log.Entries.FirstOrDefault(e => e.Timestamp.UnixTimestampMs >= t.Timestamp.UnixTimestampMs);
                return new TopicPartitionOffset(t.TopicPartition, hit is null ? Offset.End : new Offset(hit.Offset));
            }).ToList();
        }
    }

    public WatermarkOffsets GetWatermarkOffsets(TopicPartition topicPartition) => QueryWatermarkOffsets(topicPartition, TimeSpan.Zero);

    /// <summary>
    /// Low is the log start offset; high is the next offset to be written, or the last stable offset for
    /// read_committed, as the broker's ListOffsets answers.
    /// </summary>
    public WatermarkOffsets QueryWatermarkOffsets(TopicPartition topicPartition, TimeSpan timeout)
    {
        lock (_cluster.Sync)
        {
            CheckAlive();
            _cluster.ExpireTransactions();
            var log = _cluster.Log(topicPartition);
            return new WatermarkOffsets(log.LogStartOffset, _readCommitted ? log.LastStableOffset : log.HighWatermark);
        }
    }

    public void Close()
    {
        lock (_cluster.Sync)
        {
            if (_closed) return;
            _process.ThrowIfCrashed();
            LeaveGroup();
            _closed = true;
            Monitor.PulseAll(_cluster.Sync);
        }
    }

    /// <summary>Process death: the coordinator drops the member (as after its session timeout).</summary>
    internal void AbandonOnCrash()
    {
        _group?.Remove(this);
        _group = null;
    }

    private void CheckAlive()
    {
        _process.ThrowIfCrashed();
        ObjectDisposedException.ThrowIf(_closed, this);
    }

    public void Dispose()
    {
        lock (_cluster.Sync)
        {
            if (!_closed && !_process.Crashed) LeaveGroup();
            _closed = true;
            Monitor.PulseAll(_cluster.Sync);
        }
    }
}
