using SusyTopology.Events;
using SusyTopology.Learning.Onnx;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.State;

namespace SusyTopology.App.Topology;

/// <summary>A scored test event, or one that could not be scored (no model yet and the hold buffer full).</summary>
public readonly record struct ScoreOutcome(Prediction? Prediction, SusyEvent? Unscored);

/// <summary>
/// Scores TEST events with the newest model (hot-swapped through the models global store, no restart). Events that
/// arrive before any model exists are held in a change-logged store and scored as soon as one appears; past
/// <see cref="SusyTopologyOptions.MaxHeldUnscored"/> they go to the dead-letter topic as unscored — never dropped.
/// </summary>
internal sealed class ScoringProcessor(SusyTopologyOptions options, ModelHolder holder, TopologyCounters counters, TimeProvider time)
    : IProcessor<long, SusyEvent, long, ScoreOutcome>
{
    public const string HeldStoreName = "held-test-events";
    public const string UnscoredKind = "SusyTopology.Unscored";

    private readonly float[] _features = new float[SusyEventFeatures.Count];
    private readonly float[] _probability = new float[1];
    private IProcessorContext<long, ScoreOutcome> _context = null!;
    private IKeyValueStore<long, SusyEvent> _held = null!;
    private IReadOnlyKeyValueStore<string, ModelSnapshot> _models = null!;
    private OnnxModel? _model;
    private long _modelVersion;
    private long _heldCount;

    public void Init(IProcessorContext<long, ScoreOutcome> context)
    {
        _context = context;
        _held = context.GetStateStore<IKeyValueStore<long, SusyEvent>>(HeldStoreName);
        _models = context.GetStateStore<IKeyValueStore<string, ModelSnapshot>>(SusyTopologyFactory.ModelsStoreName);
        _heldCount = _held.ApproximateNumEntries;
        // A model can arrive while no test event does: check for it on the wall clock to release held events.
        context.Schedule(TimeSpan.FromMilliseconds(200), PunctuationType.WallClockTime, _ =>
        {
            if (_heldCount > 0 && RefreshModel()) ReleaseHeld();
        });
    }

    public void Process(Record<long, SusyEvent> record)
    {
        if (!RefreshModel())
        {
            if (_heldCount < options.MaxHeldUnscored)
            {
                _held.Put(record.Key, record.Value);
                _heldCount++;
                counters.Held();
            }
            else
            {
                counters.UnscoredOverflow();
                var headers = DeadLetterHeaders.For(UnscoredKind,
                    $"no model yet and {options.MaxHeldUnscored} test events already held", _context.RecordMetadata, record.Headers);
                _context.Forward(record.WithValue(new ScoreOutcome(null, record.Value)).WithHeaders(headers));
            }
            return;
        }
        if (_heldCount > 0) ReleaseHeld();
        _context.Forward(record.WithValue(new ScoreOutcome(Score(record.Value), null)));
    }

    private Prediction Score(SusyEvent e)
    {
        SusyEventFeatures.CopyTo(e, _features);
        _model!.PredictProba(_features, 1, _probability);
        return Predicted(e, _probability[0]);
    }

    private Prediction Predicted(SusyEvent e, float probability)
    {
        var prediction = PredictionFactory.Create(e, probability, _modelVersion, time);
        counters.Predicted(e.Label, prediction.Probability, prediction.PredictedLabel, e.EventTime.ToUnixTimeMilliseconds(),
            (prediction.ScoredAt - e.EventTime).TotalMilliseconds);
        return prediction;
    }

    /// <summary>Held events scored per model call: one matrix product per layer for the batch instead of one per event
    /// (the same products bit for bit; the vectorised sigmoid over a batch may differ from the scalar one in the last bit).</summary>
    public const int ReleaseBatch = 256;

    private void ReleaseHeld()
    {
        var held = _held.All().OrderBy(kv => kv.Key).ToList();
        var features = new float[ReleaseBatch * SusyEventFeatures.Count];
        var probabilities = new float[ReleaseBatch];
        for (var start = 0; start < held.Count; start += ReleaseBatch)
        {
            var count = Math.Min(ReleaseBatch, held.Count - start);
            for (var i = 0; i < count; i++) SusyEventFeatures.CopyTo(held[start + i].Value, features.AsSpan(i * SusyEventFeatures.Count, SusyEventFeatures.Count));
            _model!.PredictProba(features, count, probabilities);
            for (var i = 0; i < count; i++)
            {
                var (key, e) = held[start + i];
                _context.Forward(new Record<long, ScoreOutcome>(key, new ScoreOutcome(Predicted(e, probabilities[i]), null),
                    Math.Max(0, e.EventTime.ToUnixTimeMilliseconds())));
                _held.Delete(key);
            }
        }
        _heldCount = 0;
    }

    /// <summary>Picks up a newer model from the holder (or, after a restart, from the restored global store).</summary>
    private bool RefreshModel()
    {
        var published = holder.Current;
        if (published == null && _models.TryGet(OnlineLearnerProcessor.ModelKey, out var stored) && stored != null)
        {
            holder.Offer(new PublishedModel(stored.Version, stored.TrainedRecords, stored.Onnx));
            published = holder.Current;
        }
        if (published == null) return _model != null;
        if (published.Version != _modelVersion)
        {
            _model = published.Compiled.NewEvaluator(recycled: _model);
            _modelVersion = published.Version;
        }
        return true;
    }
}
