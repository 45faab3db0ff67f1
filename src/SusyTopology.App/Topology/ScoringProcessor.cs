using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;
using SusyTopology.Events;
using SusyTopology.Scoring;

namespace SusyTopology.App.Topology;

/// <summary>A scored test event, or one that could not be scored (no model yet and the hold buffer full).</summary>
public readonly record struct ScoreOutcome(Prediction? Prediction, SusyEvent? Unscored);

/// <summary>
/// Scores TEST events with the newest model (hot-swapped through the models global store, no restart) on ONNX
/// Runtime, through this task's own <see cref="BatchScorer"/> of the instance's session. Events that arrive before
/// any model exists are held in a change-logged store and scored in batches as soon as one appears; past
/// <see cref="SusyTopologyOptions.MaxHeldUnscored"/> they go to the dead-letter topic as unscored — never dropped.
/// </summary>
internal sealed class ScoringProcessor(SusyTopologyOptions options, ModelHolder holder, TopologyCounters counters, TimeProvider time)
    : ITransformer<long, SusyEvent, long, ScoreOutcome>
{
    public const string HeldStoreName = "held-test-events";
    public const string UnscoredKind = "SusyTopology.Unscored";

    private readonly float[] _features = new float[SusyEventFeatures.Count];
    private ProcessorContext<long, ScoreOutcome> _context = null!;
    private IKeyValueStore<long, SusyEvent> _held = null!;
    private IReadOnlyKeyValueStore<string, ModelSnapshot> _models = null!;
    private ServedModel? _served;
    private BatchScorer? _scorer;
    private long _heldCount = -1; // unknown until first used: see HeldCount

    public void Init(ProcessorContext<long, ScoreOutcome> context)
    {
        _context = context;
        _held = (IKeyValueStore<long, SusyEvent>)context.GetStateStore(HeldStoreName);
        _models = (IReadOnlyKeyValueStore<string, ModelSnapshot>)context.GetStateStore(SusyTopologyFactory.ModelsStoreName);
        // A model can arrive while no test event does: check for it on the wall clock to release held events.
        context.Schedule(TimeSpan.FromMilliseconds(200), PunctuationType.PROCESSING_TIME, _ =>
        {
            if (HeldCount > 0 && RefreshModel()) ReleaseHeld();
        });
    }

    public Record<long, ScoreOutcome> Process(Record<long, SusyEvent> record)
    {
        if (!RefreshModel())
        {
            if (HeldCount < options.MaxHeldUnscored)
            {
                _held.Put(record.Key, record.Value);
                _heldCount++;
                counters.Held();
            }
            else
            {
                counters.UnscoredOverflow();
                var headers = DeadLetterHeaders.For(UnscoredKind,
                    $"no model yet and {options.MaxHeldUnscored} test events already held", _context.Topic, _context.Partition.Value,
                    _context.Offset, record.Headers);
                return Record<long, ScoreOutcome>.Create(record.Key, new ScoreOutcome(null, record.Value), headers);
            }
            return null!;
        }
        if (HeldCount > 0)
        {
            ReleaseHeld();
            _context.ChangeTimestamp(record.Timestamp.UnixTimestampMs); // released events carried their own timestamps
        }
        return Record<long, ScoreOutcome>.Create(record.Key, new ScoreOutcome(Score(record.Value), null), record.Headers);
    }

    /// <summary>
    /// How many events the store holds. Counted at first use, not in <see cref="Init"/>: Streamiz initialises the
    /// processors before it restores their stores, so a count taken there is 0 after a restart and the events held
    /// before it (restored from the changelog) would never be released.
    /// </summary>
    private long HeldCount => _heldCount < 0 ? _heldCount = _held.ApproximateNumEntries() : _heldCount;

    /// <summary>Lets go of this task's hold on the model version, whose native session may be waiting for it.</summary>
    public void Close()
    {
        _scorer?.Dispose();
        _scorer = null;
        _served = null;
    }

    private Prediction Score(SusyEvent e)
    {
        SusyEventFeatures.CopyTo(e, _features);
        var started = time.GetTimestamp();
        var probability = _scorer!.ScoreOne(_features);
        counters.Scored(1, time.GetElapsedTime(started));
        return Predicted(e, probability);
    }

    private Prediction Predicted(SusyEvent e, float probability)
    {
        var prediction = PredictionFactory.Create(e, probability, _served!.Version, time);
        counters.Predicted(e.Label, prediction.Probability, prediction.PredictedLabel, e.EventTime.ToUnixTimeMilliseconds(),
            (prediction.ScoredAt - e.EventTime).TotalMilliseconds);
        return prediction;
    }

    /// <summary>Held events scored per native run: one pass of the graph for the batch instead of one per event.</summary>
    public const int ReleaseBatch = 256;

    private void ReleaseHeld()
    {
        var held = _held.All().OrderBy(kv => kv.Key).ToList();
        _context.SetHeaders(new Confluent.Kafka.Headers()); // a released event's own headers were not kept
        var features = new float[ReleaseBatch * SusyEventFeatures.Count];
        var probabilities = new float[ReleaseBatch];
        for (var start = 0; start < held.Count; start += ReleaseBatch)
        {
            var count = Math.Min(ReleaseBatch, held.Count - start);
            for (var i = 0; i < count; i++) SusyEventFeatures.CopyTo(held[start + i].Value, features.AsSpan(i * SusyEventFeatures.Count, SusyEventFeatures.Count));
            var started = time.GetTimestamp();
            _scorer!.Score(features.AsSpan(0, count * SusyEventFeatures.Count), probabilities.AsSpan(0, count));
            counters.Scored(count, time.GetElapsedTime(started));
            for (var i = 0; i < count; i++)
            {
                var (key, e) = held[start + i];
                _context.ChangeTimestamp(Math.Max(0, e.EventTime.ToUnixTimeMilliseconds()));
                _context.Forward(key, new ScoreOutcome(Predicted(e, probabilities[i]), null));
                _held.Delete(key);
            }
        }
        _heldCount = 0;
    }

    /// <summary>Picks up a newer model from the holder (or, after a restart, from the restored global store).</summary>
    private bool RefreshModel()
    {
        if (holder.Current == null && _models.Get(OnlineLearnerProcessor.ModelKey) is { } stored)
            counters.ModelOffered(holder.Offer(stored.Version, stored.TrainedRecords, stored.Onnx), stored.Version);
        while (holder.Current is { } current && current != _served)
        {
            // Null when the holder replaced this version meanwhile: the loop takes the newer one.
            if (current.Model.TryCreateScorer(ReleaseBatch) is not { } scorer) continue;
            _scorer?.Dispose();
            (_scorer, _served) = (scorer, current);
        }
        return _scorer != null;
    }
}
