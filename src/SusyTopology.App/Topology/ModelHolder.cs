using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SusyTopology.Scoring;

namespace SusyTopology.App.Topology;

/// <summary>What <see cref="ModelHolder.Offer"/> did with a published model.</summary>
public enum ModelOfferOutcome
{
    /// <summary>Loaded and now served: scorers swap to it before their next event.</summary>
    Accepted,

    /// <summary>Not newer than the served version (a replayed or reordered snapshot): ignored unread.</summary>
    NotNewer,

    /// <summary>Refused by ONNX Runtime or the scoring contract: the previous version stays (logged once per version).</summary>
    Rejected,

    /// <summary>This version was already refused.</summary>
    AlreadyRejected,

    /// <summary>The instance serves a model pinned with <c>susy run --model</c>: publications are not served.</summary>
    Pinned,
}

/// <summary>
/// The model an app instance's scorers use: the newest valid version published to the models topic, loaded once on
/// ONNX Runtime for the whole instance (each scorer task takes its own <see cref="BatchScorer"/> of it) — or a model
/// pinned at start, which publications never replace. A replaced version's owner reference is dropped here; its
/// native session goes when the last scorer still scoring a batch with it lets go (<see cref="ScoringModel"/>).
/// </summary>
public sealed class ModelHolder : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private readonly ScoringModelOptions _options;
    private readonly bool _pinned;
    private readonly HashSet<long> _rejected = [];
    private volatile ServedModel? _current;
    private bool _loggedPinned;
    private bool _disposed;

    public ModelHolder(ILogger? logger = null, ScoringModelOptions? options = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _options = options ?? new ScoringModelOptions();
    }

    private ModelHolder(ServedModel pinned, ILogger? logger) : this(logger)
    {
        _pinned = true;
        _current = pinned;
    }

    /// <summary>A holder that serves <paramref name="model"/> for its whole life and ignores publications; it owns the model.</summary>
    public static ModelHolder Pinned(ServedModel model, ILogger? logger = null) => new(model, logger);

    /// <summary>The model to score with (null until one is offered); read without locking on every event.</summary>
    public ServedModel? Current => _current;

    public bool IsPinned => _pinned;

    /// <summary>
    /// Serves a published model if it is newer than the current one and valid. Loading (a few milliseconds) happens
    /// here, on the offering thread, so that a bad model never reaches a scorer.
    /// </summary>
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
            if (_current is { } current && current.Version >= version) return ModelOfferOutcome.NotNewer;
            if (_rejected.Contains(version)) return ModelOfferOutcome.AlreadyRejected;
            ScoringModel model;
            try
            {
                model = ScoringModel.Load(onnx, _options);
            }
            catch (ScoringModelException e)
            {
                _rejected.Add(version);
                _logger.LogError("Model version {Version} is refused and not served ({Reason}); scoring keeps version {Current}",
                    version, e.Message, _current?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
                return ModelOfferOutcome.Rejected;
            }
            var previous = _current;
            _current = new ServedModel(version, trainedRecords, model);
            previous?.Model.Dispose();
            return ModelOfferOutcome.Accepted;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _current?.Model.Dispose();
        }
    }
}

/// <summary>A model version as served: its number (stamped on predictions), its training count, and its session.</summary>
public sealed record ServedModel(long Version, long TrainedRecords, ScoringModel Model);
