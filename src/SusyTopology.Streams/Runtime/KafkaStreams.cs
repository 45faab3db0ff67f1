using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SusyTopology.Streams.Processor.Internals;

namespace SusyTopology.Streams.Runtime;

/// <summary>
/// A Kafka Streams client: runs a <see cref="Topology"/> on <see cref="StreamsConfig.NumStreamThreads"/> threads
/// that share the application's consumer group (one task per input partition and sub-topology), plus a global
/// thread for global stores. <see cref="Start"/> provisions internal topics, bootstraps global stores and starts the
/// threads; <see cref="Close(TimeSpan)"/> commits and leaves the group.
/// </summary>
public sealed class KafkaStreams : IDisposable
{
    private readonly object _sync = new();
    private readonly Topology _topology;
    private readonly StreamsConfig _config;
    private readonly KafkaStreamsOptions _options;
    private readonly ILogger _logger;
    private readonly List<StreamThread> _threads = [];
    private readonly string _clientId;
    private StreamThreadContext? _shared;
    private GlobalStreamThread? _globalThread;
    private KafkaStreamsStateListener? _stateListener;
    private StreamsUncaughtExceptionHandler _uncaughtHandler = _ => StreamThreadExceptionResponse.ShutdownClient;
    private int _nextThreadIndex = 1;

    public KafkaStreams(Topology topology, StreamsConfig config, KafkaStreamsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _topology = topology;
        _config = config;
        _options = options ?? new KafkaStreamsOptions();
        _logger = _options.LoggerFactory.CreateLogger<KafkaStreams>();
        _clientId = $"{config.ApplicationId}-{_options.ProcessId}";
        Metrics = new StreamsMetrics(config.ApplicationId, _clientId, CurrentLag);
    }

    public KafkaStreamsState State { get; private set; } = KafkaStreamsState.Created;

    public StreamsMetrics Metrics { get; }

    /// <summary>Why the client went to <see cref="KafkaStreamsState.Error"/>, if it did.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>The threads currently alive (a replaced thread's successor has a new index).</summary>
    public IReadOnlyList<string> ThreadNames
    {
        get { lock (_sync) return _threads.Select(t => t.Name).ToList(); }
    }

    /// <summary>Kafka Streams' <c>metadataForLocalThreads()</c>: the tasks and partitions of each live thread.</summary>
    public IReadOnlyList<ThreadMetadata> LocalThreadsMetadata()
    {
        lock (_sync) return _threads.Select(t => t.Metadata).ToList();
    }

    public void SetStateListener(KafkaStreamsStateListener listener)
    {
        lock (_sync)
        {
            RequireCreated("set a state listener");
            _stateListener = listener;
        }
    }

    public void SetUncaughtExceptionHandler(StreamsUncaughtExceptionHandler handler)
    {
        lock (_sync)
        {
            RequireCreated("set an uncaught-exception handler");
            _uncaughtHandler = handler;
        }
    }

    public void Start()
    {
        lock (_sync)
        {
            RequireCreated("start");
            SetState(KafkaStreamsState.Rebalancing);
        }
        try
        {
            var metadata = _topology.Metadata(_config.ApplicationId);
            IReadOnlyDictionary<string, int> partitionCounts;
            Confluent.Kafka.IAdminClient? admin = null;
            try
            {
                var manager = _options.TopicManager ?? new AdminClientTopicManager(
                    admin = _options.KafkaSupplier.GetAdmin(_config.AdminConfig(_clientId + "-admin")),
                    _config.TransactionCallTimeout, (short)_config.InternalTopicReplicationFactor);
                partitionCounts = InternalTopicProvisioner.Provision(metadata, manager);
            }
            finally
            {
                admin?.Dispose();
            }
            var settings = new StreamTaskSettings
            {
                ApplicationId = _config.ApplicationId,
                DeserializationExceptionHandler = _config.DeserializationExceptionHandler,
                Logger = _options.LoggerFactory.CreateLogger<StreamTask>(),
            };
            var shared = NewContext(metadata, settings);
            if (metadata.GlobalStores.Count > 0)
            {
                _globalThread = new GlobalStreamThread(shared, settings, partitionCounts);
                _globalThread.Bootstrap();
                settings = new StreamTaskSettings
                {
                    ApplicationId = settings.ApplicationId,
                    DeserializationExceptionHandler = settings.DeserializationExceptionHandler,
                    Logger = settings.Logger,
                    GlobalStores = _globalThread.Stores,
                };
                shared = NewContext(metadata, settings);
                _globalThread.Start();
            }
            lock (_sync)
            {
                _shared = shared;
                if (State != KafkaStreamsState.Rebalancing) return;
                var (sharedTopics, dedicated) = ThreadSubscriptions(metadata);
                var starting = (sharedTopics.Count > 0 ? _config.NumStreamThreads : 0) + dedicated.Count;
                var join = new ThreadRendezvous(starting, TimeSpan.FromSeconds(30));
                if (sharedTopics.Count > 0)
                    for (var i = 0; i < _config.NumStreamThreads; i++) StartThread(sharedTopics, join);
                foreach (var topics in dedicated) StartThread(topics, join);
            }
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Starting the streams client failed");
            lock (_sync)
            {
                Failure = e;
                SetState(KafkaStreamsState.PendingError);
                SetState(KafkaStreamsState.Error);
            }
            throw;
        }
    }

    private StreamThreadContext NewContext(TopologyMetadata metadata, StreamTaskSettings settings)
    {
        var context = new StreamThreadContext
        {
            Config = _config,
            Topology = _topology,
            Metadata = metadata,
            Supplier = _options.KafkaSupplier,
            Time = _options.Time,
            TaskSettings = settings,
            Metrics = Metrics,
            LoggerFactory = _options.LoggerFactory,
            ClientId = _clientId,
            ProcessId = _options.ProcessId,
            RestoreListener = _options.RestoreListener,
        };
        return context;
    }

    /// <summary>The source topics of the shared threads, and of each dedicated thread (see <see cref="StreamsConfig.DedicatedThreads"/>).</summary>
    private (IReadOnlyList<string> Shared, IReadOnlyList<IReadOnlyList<string>> Dedicated) ThreadSubscriptions(TopologyMetadata metadata)
    {
        var dedicated = _config.DedicatedThreads
            .Select(name => metadata.SubtopologyContaining(name))
            .DistinctBy(s => s.Id)
            .ToList();
        var ids = dedicated.Select(s => s.Id).ToHashSet();
        var shared = metadata.Subtopologies.Where(s => !ids.Contains(s.Id)).SelectMany(s => s.SourceTopics).Distinct().ToList();
        return (shared, dedicated.Select(s => (IReadOnlyList<string>)s.SourceTopics.ToList()).ToList());
    }

    private void StartThread(IReadOnlyList<string> sourceTopics, ThreadRendezvous? join = null)
    {
        var thread = new StreamThread(_nextThreadIndex++, _shared!, sourceTopics, OnThreadExit, OnThreadStateChange, join);
        _threads.Add(thread);
        thread.Start();
    }

    private void OnThreadStateChange(StreamThread thread)
    {
        lock (_sync)
        {
            if (State is not (KafkaStreamsState.Rebalancing or KafkaStreamsState.Running)) return;
            var alive = _threads.Where(t => t.State is not (StreamThreadState.Dead or StreamThreadState.PendingShutdown)).ToList();
            if (alive.Count == 0) return;
            var next = alive.All(t => t.State == StreamThreadState.Running) ? KafkaStreamsState.Running : KafkaStreamsState.Rebalancing;
            if (next != State) SetState(next);
        }
    }

    private void OnThreadExit(StreamThread thread, Exception? failure)
    {
        if (failure is null) return;
        StreamThreadExceptionResponse response;
        try
        {
            response = _uncaughtHandler(failure);
        }
        catch (Exception handlerFailure)
        {
            _logger.LogError(handlerFailure, "The uncaught-exception handler itself failed; shutting the client down");
            response = StreamThreadExceptionResponse.ShutdownClient;
        }
        lock (_sync)
        {
            _threads.Remove(thread);
            if (State is not (KafkaStreamsState.Rebalancing or KafkaStreamsState.Running)) return;
            if (response == StreamThreadExceptionResponse.ReplaceThread)
            {
                _logger.LogWarning(failure, "Replacing failed stream thread {Thread}", thread.Name);
                StartThread(thread.SourceTopics);
                return;
            }
            Failure = failure;
            SetState(KafkaStreamsState.PendingError);
        }
        // Shut the other threads down from a separate thread: this one is the dying stream thread itself.
        new Thread(() =>
        {
            StopThreads(TimeSpan.FromSeconds(60));
            lock (_sync) SetState(KafkaStreamsState.Error);
        })
        { IsBackground = true, Name = _clientId + "-shutdown" }.Start();
    }

    /// <summary>Commits, closes every task and leaves the group; false if the threads did not stop within <paramref name="timeout"/>.</summary>
    public bool Close(TimeSpan timeout)
    {
        lock (_sync)
        {
            if (State is KafkaStreamsState.NotRunning or KafkaStreamsState.Error or KafkaStreamsState.PendingShutdown
                or KafkaStreamsState.PendingError)
                return WaitForTerminalState(timeout);
            SetState(KafkaStreamsState.PendingShutdown);
        }
        var stopped = StopThreads(timeout);
        lock (_sync) SetState(KafkaStreamsState.NotRunning);
        return stopped;
    }

    private bool WaitForTerminalState(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp(); // monotonic: a wall-clock step must not cut a wait short or stretch it
        while (State is not (KafkaStreamsState.NotRunning or KafkaStreamsState.Error or KafkaStreamsState.Created))
        {
            if (Stopwatch.GetElapsedTime(started) > timeout) return false;
            Monitor.Wait(_sync, TimeSpan.FromMilliseconds(50));
        }
        return true;
    }

    private bool StopThreads(TimeSpan timeout)
    {
        List<StreamThread> threads;
        lock (_sync) threads = [.. _threads];
        // Every thread commits before any leaves the group (see ThreadRendezvous); a thread already dead arrives now.
        var barrier = new ThreadRendezvous(threads.Count, TimeSpan.FromTicks(Math.Min(timeout.Ticks, TimeSpan.FromSeconds(10).Ticks)));
        foreach (var thread in threads) thread.RequestShutdown(barrier);
        foreach (var thread in threads)
            if (thread.State == StreamThreadState.Dead) barrier.Arrive(thread);
        var started = Stopwatch.GetTimestamp();
        var stopped = true;
        foreach (var thread in threads)
        {
            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            stopped &= thread.Join(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        }
        _globalThread?.Dispose();
        _globalThread = null;
        return stopped;
    }

    public void Dispose()
    {
        Close(TimeSpan.FromSeconds(60));
        Metrics.Dispose();
    }

    private IEnumerable<(string Topic, int Partition, long Lag)> CurrentLag()
    {
        List<StreamThread> threads;
        lock (_sync) threads = [.. _threads];
        return threads.SelectMany(t => t.Lag);
    }

    private void RequireCreated(string action)
    {
        if (State != KafkaStreamsState.Created)
            throw new InvalidOperationException($"Cannot {action}: the client is {State}, not {KafkaStreamsState.Created}.");
    }

    private void SetState(KafkaStreamsState next)
    {
        var previous = State;
        if (previous == next) return;
        if (!KafkaStreamsStateTransitions.IsValid(previous, next))
            throw new InvalidOperationException($"Invalid state transition {previous} -> {next}.");
        State = next;
        Monitor.PulseAll(_sync);
        _logger.LogInformation("State transition from {Previous} to {Next}", previous, next);
        try
        {
            _stateListener?.Invoke(next, previous);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "The state listener failed");
        }
    }
}
