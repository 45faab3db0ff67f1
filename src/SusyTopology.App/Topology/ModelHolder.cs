using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SusyTopology.Scoring;

namespace SusyTopology.App.Topology;

/// <summary>What <see cref="ModelHolder.Offer"/> did with a published model.</summary>
public enum ModelOfferOutcome
{
    /// <summary>The newest version: loaded when a scorer next asks for the model, and served unless it is refused.</summary>
    Accepted,

    /// <summary>Not newer than the served or pending version (a replayed or reordered snapshot): ignored unread.</summary>
    NotNewer,

    /// <summary>This version was already refused.</summary>
    AlreadyRejected,

    /// <summary>The instance serves a model pinned with <c>susy run --model</c>: publications are not served.</summary>
    Pinned,
}

/// <summary>
/// The model an app instance's scorers use: the newest valid version published to the models topic, loaded once on
/// ONNX Runtime for the whole instance (each scorer task takes its own <see cref="BatchScorer"/> of it) — or a model
/// pinned at start, which publications never replace. A published version is loaded when a scorer next asks for the
/// model, so versions superseded before any test event needs them are never loaded (loading every one on the
/// global-store thread cost the app benchmark a fifth to a third of its throughput); one that fails to load or breaks
/// the scoring contract is logged and counted, and the previous version keeps scoring. A replaced version's owner
/// reference is dropped here; its native session goes when the last scorer still scoring a batch with it lets go
/// (<see cref="ScoringModel"/>).
/// </summary>
public sealed class ModelHolder : IDisposable
{
    /// <summary>Published versions kept until a scorer asks (each a few hundred kilobytes): fallbacks if the newest is refused.</summary>
    private const int MaxPending = 4;

    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private readonly ScoringModelOptions _options;
    private readonly bool _pinned;
    private readonly HashSet<long> _rejected = [];
    private readonly Action? _onRejected;
    private readonly List<PendingModel> _pending = []; // newest last; the older ones stand in if the newest is refused
    private volatile ServedModel? _current;
    private volatile bool _hasPending;
    private bool _loggedPinned;
    private bool _disposed;

    /// <param name="onRejected">Called once for each published version that is refused.</param>
    public ModelHolder(ILogger? logger = null, ScoringModelOptions? options = null, Action? onRejected = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _onRejected = onRejected;
        _options = options ?? new ScoringModelOptions();
    }

    private ModelHolder(ServedModel pinned, ILogger? logger) : this(logger)
    {
        _pinned = true;
        _current = pinned;
    }

    /// <summary>A holder that serves <paramref name="model"/> for its whole life and ignores publications; it owns the model.</summary>
    public static ModelHolder Pinned(ServedModel model, ILogger? logger = null) => new(model, logger);

    /// <summary>
    /// The model to score with (null until a valid one is offered); read without locking on every event, except
    /// right after a newer version is offered, which the first caller loads.
    /// </summary>
    public ServedModel? Current
    {
        get
        {
            if (_hasPending) LoadPending();
            return _current;
        }
    }

    public bool IsPinned => _pinned;

    /// <summary>Takes a published model to serve if it is newer than the served (or pending) one; it is loaded on demand.</summary>
    public ModelOfferOutcome Offer(long version, long trainedRecords, byte[] onnx)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pinned)
            {
                if (!_loggedPinned)
                    _logger.LogInformation("Serving the pinned model; models published to the models topic (version {Version} and later) are not served", version);
                _loggedPinned = true;
                return ModelOfferOutcome.Pinned;
            }
            var newest = _pending.Count > 0 ? _pending[^1].Version : _current?.Version ?? long.MinValue;
            if (version <= newest) return ModelOfferOutcome.NotNewer;
            if (_rejected.Contains(version)) return ModelOfferOutcome.AlreadyRejected;
            if (_pending.Count == MaxPending) _pending.RemoveAt(0);
            _pending.Add(new PendingModel(version, trainedRecords, onnx));
            _hasPending = true;
            return ModelOfferOutcome.Accepted;
        }
    }

    /// <summary>Loads the newest pending version; if it is refused, the next newest, and so on.</summary>
    private void LoadPending()
    {
        lock (_gate)
        {
            if (_disposed) return;
            for (var i = _pending.Count - 1; i >= 0; i--)
            {
                var pending = _pending[i];
                ScoringModel model;
                try
                {
                    model = ScoringModel.Load(pending.Onnx, _options);
                }
                catch (ScoringModelException e)
                {
                    _rejected.Add(pending.Version);
                    _logger.LogError("Model version {Version} is refused and not served ({Reason})", pending.Version, e.Message);
                    _onRejected?.Invoke();
                    continue;
                }
                var previous = _current;
                _current = new ServedModel(pending.Version, pending.TrainedRecords, model);
                previous?.Model.Dispose();
                break;
            }
            _pending.Clear();
            _hasPending = false;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _pending.Clear();
            _hasPending = false;
            _current?.Model.Dispose();
        }
    }
}

/// <summary>A model version as served: its number (stamped on predictions), its training count, and its session.</summary>
public sealed record ServedModel(long Version, long TrainedRecords, ScoringModel Model);

/// <summary>A published version not loaded yet.</summary>
internal sealed record PendingModel(long Version, long TrainedRecords, byte[] Onnx);
