using Streamiz.Kafka.Net.Processors.Public;
using SusyTopology.Events;
using SusyTopology.Learning.Backends;
using SusyTopology.Learning.Data;
using SusyTopology.Learning.Onnx;
using SusyTopology.State;
using OnlineClassifier = SusyTopology.Learning.Model.OnlineClassifier;

namespace SusyTopology.App.Topology;

/// <summary>
/// The one logical learner (fed through a one-partition repartition topic): learns every TRAIN event online in
/// mini-batches and publishes ONNX snapshots every N records or T seconds. Its state lives in a change-logged store
/// as a checkpoint plus a journal (see <see cref="LearnerJournal"/>), so a restart resumes exactly. With that state it
/// keeps the origin of every event it learned (<see cref="EventOrigin"/>, <see cref="SourcePositions"/>): an event that
/// at_least_once delivers again, on its own input or routed a second time after an upstream crash, is skipped, so no
/// event is learned twice.
/// </summary>
internal sealed class OnlineLearnerProcessor(SusyTopologyOptions options, ILearnerBackendFactory backend, TopologyCounters counters,
    TimeProvider time, IInputLag lag)
    : ITransformer<long, SusyEvent, string, LearnerOutput>
{
    public const string StoreName = "learner-state";
    public const string ModelKey = "susy-mlp";

    /// <summary>First field of a checkpoint that records the learned events' origins (negative: no version starts so).</summary>
    private const int CheckpointFormat = -3;

    /// <summary>First field of the earlier checkpoint that recorded the learner's last input offset (read, then ignored).</summary>
    private const int InputOffsetCheckpointFormat = -2;

    private readonly float[] _features = new float[SusyEventFeatures.Count];
    private readonly byte[] _entry = new byte[LearnerJournal.LearnBytes(SusyEventFeatures.Count)];
    private ProcessorContext<string, LearnerOutput> _context = null!;
    private long _streamTime = -1; // the largest record timestamp seen: the one-partition task's stream time
    private JournaledState _state = null!;
    private OnlineClassifier? _learner;
    private long _version;         // version of the last published snapshot
    private long _trainedAtPublish; // Learner.TrainedRecords when the last snapshot was published
    private long _reportedSteps = -1; // Learner.OptimizerSteps last given to the counters
    private readonly SourcePositions _learned = new();
    private readonly ReplayGovernor _governor = new(options.ReplayStepsPerBatch, options.CatchUpLag);

    public void Init(ProcessorContext<string, LearnerOutput> context)
    {
        _context = context;
        _state = ((JournalStore)context.GetStateStore(StoreName)).Journal;
        context.Schedule(options.PublishInterval, PunctuationType.PROCESSING_TIME, _ =>
        {
            EnsureRestored();
            if (Learner.TrainedRecords + Learner.PendingRecords > _trainedAtPublish)
                Publish(flushPending: true, timestamp: Math.Max(0, _streamTime));
        });
    }

    public Record<string, LearnerOutput> Process(Record<long, SusyEvent> record)
    {
        EnsureRestored();
        var offset = _context.Offset;
        var known = EventOrigin.TryRead(record.Headers, out var originPartition, out var originOffset);
        if (known && _learned.Holds(originPartition, originOffset))
        {
            counters.RedeliveredSkipped();
            return null!;
        }
        var timestamp = record.Timestamp.UnixTimestampMs;
        _streamTime = Math.Max(_streamTime, timestamp);
        var e = record.Value;
        SusyEventFeatures.CopyTo(e, _features);
        var label = e.Label!.Value; // validated upstream: TRAIN events carry a 0/1 label
        if (options.Prequential && _version > 0)
        {
            var p = Learner.PredictProbaOne(_features);
            _context.ChangeTimestamp(timestamp);
            _context.Forward(e.EventId.ToString(), new LearnerOutput(null, PredictionFactory.Create(e, p, _version, time)));
        }
        var behind = lag.Behind(_context.Topic, _context.Partition.Value, offset);
        counters.InputLag(_context.Topic, _context.Partition.Value, behind);
        var replay = _governor.Steps(behind);
        if (replay != Learner.ReplaySteps)
        {
            // Journaled before the record it applies to, so a restart replays training with the same steps.
            Append(LearnerJournal.Replay(replay));
            Learner.ReplaySteps = replay;
            counters.LearnerReplaySteps(replay);
        }
        Append(LearnerJournal.Learn(_features, label, originPartition, originOffset, _entry));
        Learner.LearnOne(_features, label);
        if (known) _learned.Applied(originPartition, originOffset);
        counters.Trained();
        ReportOptimizerSteps();
        // The first model as soon as it is due, backlog or not: until it exists every test event is held.
        var publishEvery = _governor.CatchingUp && _version > 0 ? options.PublishEveryRecordsWhileCatchingUp : options.PublishEveryRecords;
        if (Learner.TrainedRecords - _trainedAtPublish >= publishEvery) Publish(flushPending: false, timestamp);
        if (_state.CheckpointDue) Checkpoint();
        return null!; // everything it emits is forwarded above
    }

    /// <summary>Frees the learner (TorchSharp's tensors are native memory); a later Process restores it from the store.</summary>
    public void Close()
    {
        _learner?.Dispose();
        _learner = null;
    }

    private void Publish(bool flushPending, long timestamp)
    {
        if (flushPending && Learner.PendingRecords > 0)
        {
            Append(LearnerJournal.Flush());
            Learner.FlushPending();
            ReportOptimizerSteps();
        }
        _version++;
        Append(LearnerJournal.Published(_version));
        _trainedAtPublish = Learner.TrainedRecords;
        var now = time.GetUtcNow();
        var onnx = OnnxExporter.Export(Learner, new OnnxExportOptions
        {
            ModelVersion = _version.ToString(),
            CreatedAt = now,
            FeatureNames = SusyFeatures.Names,
        });
        var snapshot = new ModelSnapshot
        {
            Version = _version,
            TrainedRecords = Learner.TrainedRecords,
            CreatedAt = now,
            Onnx = onnx,
            Metrics = new Dictionary<string, double>
            {
                ["train_loss"] = double.IsNaN(Learner.LastLoss) ? 0 : Learner.LastLoss,
                ["optimizer_steps"] = Learner.OptimizerSteps,
                ["replay_steps"] = Learner.ReplaySteps,
            },
        };
        counters.Published(_version);
        _context.ChangeTimestamp(timestamp);
        _context.Forward(ModelKey, new LearnerOutput(snapshot, null));
    }

    private void Append(ReadOnlySpan<byte> entry) => _state.Append(entry);

    /// <summary>The steps change once per mini-batch: the shared counter is written only then, not for every record.</summary>
    private void ReportOptimizerSteps()
    {
        if (Learner.OptimizerSteps == _reportedSteps) return;
        _reportedSteps = Learner.OptimizerSteps;
        counters.LearnerOptimizerSteps(_reportedSteps);
    }

    private void Checkpoint()
    {
        var started = time.GetTimestamp();
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(CheckpointFormat);
            w.Write(_version);
            w.Write(_trainedAtPublish);
            w.Write(Learner.ReplaySteps); // not part of the classifier's own state
            _learned.WriteTo(w);
        }
        Learner.SaveState(stream);
        _state.Checkpoint(stream.ToArray());
        counters.LearnerCheckpointed(time.GetElapsedTime(started));
    }

    /// <summary>
    /// Restores on first use rather than in Init: the store's content is what counts, however it got there (changelog
    /// restoration by the runtime, or a test that seeds it).
    /// </summary>
    private void EnsureRestored() => _ = Learner;

    private OnlineClassifier Learner => _learner ?? Restore();

    private OnlineClassifier Restore()
    {
        OnlineClassifier learner;
        int replaySteps;
        _learned.Clear(); // what the store holds is the whole truth, also after a Close of this instance
        var (checkpoint, journal) = _state.Load();
        if (checkpoint != null)
        {
            using var stream = new MemoryStream(checkpoint);
            using (var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                // The first checkpoints start with the version, a non-negative long; later ones with a negative format.
                var format = BitConverter.ToInt32(checkpoint, 0);
                if (format is CheckpointFormat or InputOffsetCheckpointFormat) r.ReadInt32();
                _version = r.ReadInt64();
                _trainedAtPublish = r.ReadInt64();
                replaySteps = r.ReadInt32();
                if (format == CheckpointFormat) _learned.ReadFrom(r);
                else if (format == InputOffsetCheckpointFormat) r.ReadInt64();
            }
            // A checkpoint names the backend that wrote it; another backend is refused with a message naming the right one.
            learner = OnlineClassifier.LoadState(stream, backend);
            learner.ReplaySteps = replaySteps;
        }
        else
        {
            learner = new OnlineClassifier(options.LearnerOptions(), backend);
        }
        // Replay the journal written since the checkpoint, in order; training is deterministic, so this reproduces
        // the state exactly as it was after the last committed record.
        foreach (var entry in journal)
        {
            switch (LearnerJournal.Kind(entry))
            {
                case LearnerJournal.Op.Learn:
                    var (label, partition, offset) = LearnerJournal.ReadLearn(entry, _features);
                    learner.LearnOne(_features, label);
                    if (partition >= 0) _learned.Applied(partition, offset);
                    break;
                case LearnerJournal.Op.Flush:
                    learner.FlushPending();
                    break;
                case LearnerJournal.Op.Replay:
                    learner.ReplaySteps = LearnerJournal.ReadReplay(entry);
                    break;
                case LearnerJournal.Op.Published:
                    _version = LearnerJournal.ReadPublished(entry);
                    _trainedAtPublish = learner.TrainedRecords;
                    break;
            }
        }
        _governor.Resume(learner.ReplaySteps);
        counters.LearnerReplaySteps(learner.ReplaySteps);
        _learner = learner;
        ReportOptimizerSteps();
        if (_state.CheckpointDue) Checkpoint(); // e.g. a journal written with another checkpoint interval: re-laid before appending
        return learner;
    }
}
