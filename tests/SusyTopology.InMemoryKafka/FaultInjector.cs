using Confluent.Kafka;

namespace SusyTopology.InMemoryKafka;

/// <summary>
/// Arms one fault at one step of the commit sequence: it fires on the <c>skip + 1</c>-th time any client (optionally
/// only clients of one process, optionally only inside a rebalance callback, optionally only for records of one
/// topic) reaches that step.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _sync = new();
    private Fault? _armed;

    private sealed record Fault(CommitStep Step, FaultKind Kind, int Skip, InMemoryKafkaSupplier? Process, bool OnlyDuringRebalance,
        string? Topic);

    private readonly Dictionary<CommitStep, int> _reached = [];

    private bool _paused;

    public int Fired { get; private set; }

    /// <summary>True while a thread is held by a <see cref="FaultKind.Pause"/> fault.</summary>
    public bool Paused
    {
        get { lock (_sync) return _paused; }
    }

    /// <summary>The transactional id of the producer a <see cref="FaultKind.Pause"/> fault held (null for a consumer or an idempotent producer).</summary>
    public string? PausedTransactionalId
    {
        get { lock (_sync) return _pausedTransactionalId; }
    }

    private string? _pausedTransactionalId;

    /// <summary>Lets a thread held by a <see cref="FaultKind.Pause"/> fault go on.</summary>
    public void Resume()
    {
        lock (_sync)
        {
            _paused = false;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>How often any client reached <paramref name="step"/> (armed or not).</summary>
    public int Reached(CommitStep step)
    {
        lock (_sync) return _reached.GetValueOrDefault(step);
    }

    public void Arm(CommitStep step, FaultKind kind, int skip = 0, InMemoryKafkaSupplier? process = null,
        bool onlyDuringRebalance = false, string? topic = null)
    {
        if (kind == FaultKind.DeliveryError && step != CommitStep.BeforeProduce)
            throw new ArgumentException($"a delivery error fails a produce: arm it at {CommitStep.BeforeProduce}, not {step}", nameof(step));
        lock (_sync) _armed = new Fault(step, kind, skip, process, onlyDuringRebalance, topic);
    }

    public void Disarm()
    {
        lock (_sync) _armed = null;
    }

    /// <summary><paramref name="topic"/> is the record's topic at the produce and consume steps, null at the others;
    /// <paramref name="transactionalId"/> the producer's, when a producer hits the step. True when a
    /// <see cref="FaultKind.DeliveryError"/> fired: the caller fails the produce (the other kinds act here).</summary>
    internal bool Hit(CommitStep step, InMemoryKafkaSupplier process, string? topic = null, string? transactionalId = null)
    {
        Fault fault;
        lock (_sync)
        {
            _reached[step] = _reached.GetValueOrDefault(step) + 1;
            if (_armed is null || _armed.Step != step) return false;
            if (_armed.Process is not null && _armed.Process != process) return false;
            if (_armed.OnlyDuringRebalance && !process.InRebalanceCallback) return false;
            if (_armed.Topic is not null && _armed.Topic != topic) return false;
            if (_armed.Skip > 0)
            {
                _armed = _armed with { Skip = _armed.Skip - 1 };
                return false;
            }
            fault = _armed;
            _armed = null;
            Fired++;
            if (fault.Kind == FaultKind.DeliveryError) return true;
            if (fault.Kind == FaultKind.Pause)
            {
                _paused = true;
                _pausedTransactionalId = transactionalId;
                while (_paused) Monitor.Wait(_sync);
                return false;
            }
        }
        if (fault.Kind == FaultKind.Crash)
        {
            process.Crash();
            throw new SimulatedCrashException($"process {process.Name} crashed at {step}");
        }
        throw step is CommitStep.BeforeCommitOffsets or CommitStep.AfterCommitOffsets
            ? new KafkaException(new Error(ErrorCode.RequestTimedOut, $"injected error at {step}"))
            : new KafkaTxnRequiresAbortException(new Error(ErrorCode.RequestTimedOut, $"injected error at {step}"));
    }
}
