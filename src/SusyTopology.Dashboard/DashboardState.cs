using SusyTopology.Dashboard.Aggregation;
using SusyTopology.Dashboard.Observations;

namespace SusyTopology.Dashboard;

/// <summary>
/// What the dashboard has seen of the app's output topics and metrics, aggregated for the page: accuracy and AUC per
/// event-time window and per model version, the prequential curve, the models, the latest dead letters.
/// Fed by one reader thread and one metrics poller, read by web requests: every member takes the one lock.
/// </summary>
public sealed class DashboardState(DashboardOptions options)
{
    private readonly Lock _gate = new();
    private readonly GroupedQuality _byWindow = new(options.MaxPoints);
    private readonly GroupedQuality _byVersion = new(options.MaxPoints);
    private readonly GroupedQuality _prequential = new(options.MaxPoints);
    private readonly SortedDictionary<long, ObservedModel> _models = new();
    private readonly LinkedList<ObservedDeadLetter> _deadLetters = new();
    private readonly long _windowMs = (long)options.Window.TotalMilliseconds;
    private long _predictions, _labelled, _deadLetterCount;
    private long? _version;
    private MetricsReading _metrics = MetricsReading.None(options.MetricsUrl?.ToString());
    private string? _feedError;

    public void Prediction(ObservedPrediction p)
    {
        lock (_gate)
        {
            _predictions++;
            _version = Math.Max(_version ?? 0, p.ModelVersion);
            if (p.Label is not { } label) return;
            _labelled++;
            _byWindow.Add(WindowStart(p.TimestampMs), label, p.Probability);
            _byVersion.Add(p.ModelVersion, label, p.Probability);
        }
    }

    /// <summary>A training event scored before it was learned (test-then-train).</summary>
    public void PrequentialPrediction(ObservedPrediction p)
    {
        if (p.Label is not { } label) return;
        lock (_gate) _prequential.Add(WindowStart(p.TimestampMs), label, p.Probability);
    }

    public void Model(ObservedModel model)
    {
        lock (_gate)
        {
            _models[model.Version] = model;
            while (_models.Count > options.MaxPoints) _models.Remove(_models.Keys.First());
            _version = Math.Max(_version ?? 0, model.Version);
        }
    }

    public void DeadLetter(ObservedDeadLetter deadLetter)
    {
        lock (_gate)
        {
            _deadLetterCount++;
            _deadLetters.AddFirst(deadLetter);
            while (_deadLetters.Count > options.MaxDeadLetters) _deadLetters.RemoveLast();
        }
    }

    public void Metrics(MetricsReading reading)
    {
        lock (_gate) _metrics = reading;
    }

    /// <summary>The topic reader stopped (or recovered: null); the page shows it.</summary>
    public void FeedFailed(string? error)
    {
        lock (_gate) _feedError = error;
    }

    public DashboardSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new DashboardSnapshot
            {
                WindowSeconds = _windowMs / 1000,
                Predictions = _predictions,
                LabelledPredictions = _labelled,
                ModelVersion = _version,
                AccuracyByWindow = _byWindow.Points(),
                AccuracyByModelVersion = _byVersion.Points(),
                PrequentialByWindow = _prequential.Points(),
                Models = _models.Values.ToList(),
                DeadLetters = _deadLetterCount,
                LatestDeadLetters = _deadLetters.ToList(),
                Metrics = _metrics,
                FeedError = _feedError,
            };
        }
    }

    private long WindowStart(long timestampMs) => timestampMs - (((timestampMs % _windowMs) + _windowMs) % _windowMs);
}
