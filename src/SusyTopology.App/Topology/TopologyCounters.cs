using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SusyTopology.App.Topology;

/// <summary>
/// What the topology did, as <see cref="System.Diagnostics.Metrics"/> instruments (meter <c>SusyTopology.App</c>, for
/// dotnet-counters or OpenTelemetry) and as totals the run summary reads. One instance per app instance; thread-safe.
/// </summary>
public sealed class TopologyCounters : IDisposable
{
    public const string MeterName = "SusyTopology.App";

    private readonly Meter _meter;
    private readonly Counter<long> _events, _invalid, _trained, _predictions, _held, _unscored, _deadLetters;
    private readonly Histogram<double> _latency, _checkpoint, _scoring;
    private readonly Lock _gate = new();
    private volatile LatencyHistogram _latencies = new();
    private long _eventCount, _trainCount, _testCount, _invalidCount, _trainedCount, _predictionCount, _heldCount, _unscoredCount, _lastVersion;
    private long _replaySteps = -1, _catchUps, _optimizerSteps, _checkpoints, _checkpointTicks, _redelivered;
    private long _runStartMs = long.MinValue, _queuedPredictions, _rejectedModels;
    private long _firstActivity, _lastActivity; // Stopwatch timestamps of the first and the latest event, prediction or learned record
    private readonly AccuracyAccumulator _streamAccuracy = new();
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> _lag = new();

    /// <summary>Values of the <c>reason</c> tag of <c>susy.dead_letters</c>: why a record went to the dead-letter topic.</summary>
    public static class DeadLetterReason
    {
        public const string Undecodable = "undecodable";
        public const string InvalidEvent = "invalid_event";
        public const string Unscored = "unscored";
    }

    /// <param name="meterName">Tests that scrape a metrics endpoint give their own, so counters of tests running beside them
    /// do not add to theirs.</param>
    public TopologyCounters(string meterName = MeterName)
    {
        _meter = new Meter(meterName);
        InstanceMeterName = meterName;
        _events = _meter.CreateCounter<long>("susy.events", description: "Events read from the events topic, by split.");
        _invalid = _meter.CreateCounter<long>("susy.events.invalid", description: "Events sent to the dead-letter topic by validation.");
        _trained = _meter.CreateCounter<long>("susy.trained", description: "Training events learned.");
        _predictions = _meter.CreateCounter<long>("susy.predictions", description: "Predictions emitted.");
        _held = _meter.CreateCounter<long>("susy.held", description: "Test events held because no model existed yet.");
        _unscored = _meter.CreateCounter<long>("susy.unscored", description: "Test events dead-lettered because the hold buffer was full.");
        _deadLetters = _meter.CreateCounter<long>("susy.dead_letters",
            description: "Records sent to the dead-letter topic, by reason (undecodable, invalid_event, unscored).");
        _latency = _meter.CreateHistogram<double>("susy.prediction.latency", "ms", "Event time to prediction.");
        _scoring = _meter.CreateHistogram<double>("susy.scoring.duration", "ms",
            "Time inside ONNX Runtime per scoring run (one event, or a batch of held events; see the batch tag).");
        _checkpoint = _meter.CreateHistogram<double>("susy.learner.checkpoint.duration", "ms",
            "Time the learner spent writing one checkpoint of its state into its store.");
        _meter.CreateObservableGauge("susy.learner.replay_steps", () => Interlocked.Read(ref _replaySteps),
            description: "Replay steps per new mini-batch (0 while the learner catches up with a backlog).");
        _meter.CreateObservableCounter("susy.learner.catch_ups", () => Interlocked.Read(ref _catchUps),
            description: "Times the learner fell behind and skipped replay to catch up.");
        _meter.CreateObservableCounter("susy.learner.optimizer_steps", () => Interlocked.Read(ref _optimizerSteps),
            description: "Optimiser steps taken: one per new mini-batch plus its replay steps (the learner's work).");
        _meter.CreateObservableCounter("susy.redelivered.skipped", () => Interlocked.Read(ref _redelivered),
            description: "Records redelivered after a restart that the learner or the accuracy aggregator had already applied.");
        _meter.CreateObservableCounter("susy.model.rejected", () => Interlocked.Read(ref _rejectedModels),
            description: "Published models not served because ONNX Runtime or the scoring contract refused them.");
        _meter.CreateObservableGauge("susy.model.version", () => Interlocked.Read(ref _lastVersion), description: "Newest published model version.");
        _meter.CreateObservableGauge("susy.consumer.lag", ObserveLag,
            description: "Records of an input partition not yet processed (its end offset minus the next offset to process), by topic and partition.");
    }

    /// <summary>This instance's meter: <see cref="MeterName"/> unless a test chose its own.</summary>
    public string InstanceMeterName { get; }

    public long Events => Interlocked.Read(ref _eventCount);
    public long TrainEvents => Interlocked.Read(ref _trainCount);
    public long TestEvents => Interlocked.Read(ref _testCount);
    public long Invalid => Interlocked.Read(ref _invalidCount);
    public long TrainedRecords => Interlocked.Read(ref _trainedCount);
    public long Predictions => Interlocked.Read(ref _predictionCount);
    public long HeldUnscored => Interlocked.Read(ref _heldCount);
    public long Unscored => Interlocked.Read(ref _unscoredCount);
    public long LastModelVersion => Interlocked.Read(ref _lastVersion);

    /// <summary>The learner's current replay steps per batch; -1 before it started.</summary>
    public long ReplaySteps => Interlocked.Read(ref _replaySteps);

    /// <summary>How often the learner switched to catch-up mode (no replay).</summary>
    public long CatchUps => Interlocked.Read(ref _catchUps);

    /// <summary>The learner's optimiser steps so far (new mini-batches and replays): what its time goes to.</summary>
    public long OptimizerSteps => Interlocked.Read(ref _optimizerSteps);

    public void LearnerOptimizerSteps(long total) => Interlocked.Exchange(ref _optimizerSteps, total);

    /// <summary>Redelivered records skipped because their effect was already in the restored state.</summary>
    public void RedeliveredSkipped() => Interlocked.Increment(ref _redelivered);

    public long Redelivered => Interlocked.Read(ref _redelivered);

    /// <summary>Checkpoints the learner wrote, and the time they took in all.</summary>
    public (long Count, TimeSpan Total) LearnerCheckpoints =>
        (Interlocked.Read(ref _checkpoints), TimeSpan.FromTicks(Interlocked.Read(ref _checkpointTicks)));

    public void LearnerCheckpointed(TimeSpan took)
    {
        Interlocked.Increment(ref _checkpoints);
        Interlocked.Add(ref _checkpointTicks, took.Ticks);
        _checkpoint.Record(took.TotalMilliseconds);
    }

    public void LearnerReplaySteps(int steps)
    {
        var previous = Interlocked.Exchange(ref _replaySteps, steps);
        if (steps == 0 && previous > 0) Interlocked.Increment(ref _catchUps);
    }

    /// <summary>From the first event read to the last piece of work done (event routed, prediction made, record learned): the
    /// span a run's throughput is measured over. Zero before the first event.</summary>
    public TimeSpan ActiveTime
    {
        get
        {
            var first = Interlocked.Read(ref _firstActivity);
            return first == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(first, Interlocked.Read(ref _lastActivity));
        }
    }

    private void Active()
    {
        var now = Stopwatch.GetTimestamp();
        if (Interlocked.Read(ref _firstActivity) == 0) Interlocked.CompareExchange(ref _firstActivity, now, 0);
        // Monotonic enough: a stale write loses at most one thread's microseconds.
        if (now > Interlocked.Read(ref _lastActivity)) Interlocked.Exchange(ref _lastActivity, now);
    }

    public void Event(bool train)
    {
        Active();
        Interlocked.Increment(ref _eventCount);
        Interlocked.Increment(ref train ? ref _trainCount : ref _testCount);
        _events.Add(1, new KeyValuePair<string, object?>("split", train ? "TRAIN" : "TEST"));
    }

    /// <param name="reason">One of <see cref="DeadLetterReason"/>.</param>
    public void InvalidEvent(string reason)
    {
        Interlocked.Increment(ref _invalidCount);
        _invalid.Add(1);
        DeadLettered(reason);
        Active();
    }

    /// <summary>A record Streamiz could not decode (a source of its own, e.g. the models topic) went to the dead-letter topic.</summary>
    public void SourceRecordDeadLettered() => DeadLettered(DeadLetterReason.Undecodable);

    public void Trained() { Interlocked.Increment(ref _trainedCount); _trained.Add(1); Active(); }
    public void Held() { Interlocked.Increment(ref _heldCount); _held.Add(1); }

    public void UnscoredOverflow()
    {
        Interlocked.Increment(ref _unscoredCount);
        _unscored.Add(1);
        DeadLettered(DeadLetterReason.Unscored);
    }

    private void DeadLettered(string reason) => _deadLetters.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>How many records of an input partition were still to process after the one just processed.</summary>
    public void InputLag(string topic, int partition, long behind) => _lag[(topic, partition)] = behind;

    private IEnumerable<Measurement<long>> ObserveLag() => _lag.Select(kv => new Measurement<long>(kv.Value,
        new KeyValuePair<string, object?>("topic", kv.Key.Topic), new KeyValuePair<string, object?>("partition", kv.Key.Partition)));

    /// <summary>Records what the model holder did with a published model: the newest version is counted as published.</summary>
    public void ModelOffered(ModelOfferOutcome outcome, long version)
    {
        if (outcome == ModelOfferOutcome.Accepted) Published(version);
    }

    /// <summary>A published model the scorers refused to serve.</summary>
    public void ModelRejected() => Interlocked.Increment(ref _rejectedModels);

    /// <summary>Published models the scorers refused (unloadable, or outside the scoring contract).</summary>
    public long RejectedModels => Interlocked.Read(ref _rejectedModels);

    public void Published(long version)
    {
        long current;
        do current = Interlocked.Read(ref _lastVersion);
        while (version > current && Interlocked.CompareExchange(ref _lastVersion, version, current) != current);
    }

    /// <summary>
    /// When the run began to consume (Unix ms): predictions of events whose event time is earlier waited for the app
    /// to start, and their latency says so (see <see cref="PredictionsOfQueuedEvents"/>).
    /// </summary>
    public void RunStarted(long unixMs) => Interlocked.Exchange(ref _runStartMs, unixMs);

    /// <summary>Predictions of events produced before <see cref="RunStarted"/>: their latency includes the wait for the app.</summary>
    public long PredictionsOfQueuedEvents => Interlocked.Read(ref _queuedPredictions);

    /// <summary>One scoring run on ONNX Runtime: <paramref name="events"/> scored in <paramref name="elapsed"/>.</summary>
    public void Scored(int events, TimeSpan elapsed) =>
        _scoring.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("batch", events == 1 ? "1" : "held"));

    public void Predicted(int? label, double probability, int predicted, long eventTimeMs, double latencyMs)
    {
        Interlocked.Increment(ref _predictionCount);
        if (eventTimeMs < Interlocked.Read(ref _runStartMs)) Interlocked.Increment(ref _queuedPredictions);
        _predictions.Add(1);
        Active();
        _latency.Record(latencyMs);
        _latencies.Record(latencyMs);
        if (label is { } y)
            lock (_gate) _streamAccuracy.Add(y, probability, predicted, eventTimeMs);
    }

    /// <summary>Accuracy, AUC and log loss of the predictions as they were made during the stream.</summary>
    public (double Accuracy, double? Auc, double LogLoss, long Labelled) StreamAccuracy()
    {
        lock (_gate) return (_streamAccuracy.Accuracy, _streamAccuracy.Auc, _streamAccuracy.LogLoss, _streamAccuracy.Count);
    }

    /// <summary>Starts the latency percentiles afresh (e.g. after a benchmark's warm-up); the totals stay.</summary>
    public void ResetLatencies() => _latencies = new LatencyHistogram();

    /// <summary>Event time → prediction, within 1 % (see <see cref="LatencyHistogram"/>).</summary>
    public double LatencyPercentile(double percentile) => _latencies.Percentile(percentile);

    public void Dispose() => _meter.Dispose();
}
