using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Streamiz.Kafka.Net.Processors.Public;
using SusyTopology.Events;
using SusyTopology.State;

namespace SusyTopology.App.Topology;

/// <summary>
/// Accuracy aggregates over the labelled predictions (fed through a one-partition repartition topic, so one
/// aggregator sees them all): tumbling event-time windows with a grace period, and a cumulative total per model
/// version. Open windows and totals are re-emitted every <see cref="SusyTopologyOptions.AccuracyReportInterval"/>
/// while they change (like Kafka Streams' record cache in front of a windowed aggregate) and a window is emitted a
/// last time when stream time passes its end plus grace; later records for a closed window are counted as late and
/// dropped from windows, as Kafka Streams does, but still count in the per-version totals.
/// State: a <see cref="JournaledState"/> of ~30-byte entries per prediction, checkpointed at every report (and every
/// <see cref="SusyTopologyOptions.CheckpointEveryRecords"/> predictions in between).
/// </summary>
internal sealed class AccuracyProcessor(SusyTopologyOptions options, TopologyCounters counters, ILogger? logger = null)
    : ITransformer<string, Prediction, string, AccuracyReport>
{
    public const string StoreName = "accuracy-state";
    public const string WindowKeyPrefix = "window/";
    public const string VersionKeyPrefix = "model/";

    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly SortedDictionary<string, AccuracyAccumulator> _accumulators = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly byte[] _entry = new byte[EntryBytes];
    private ProcessorContext<string, AccuracyReport> _context = null!;
    private long _streamTime = long.MinValue; // the largest record timestamp seen: the one-partition task's stream time
    private readonly RedeliveryGuard _redelivered = new();
    private JournaledState _state = null!;
    private long _sizeMs, _graceMs;
    private bool _restored;

    /// <summary>Records that arrived after their window closed.</summary>
    public long LateRecords { get; private set; }

    public void Init(ProcessorContext<string, AccuracyReport> context)
    {
        _context = context;
        _sizeMs = (long)options.AccuracyWindow.TotalMilliseconds;
        _graceMs = (long)options.AccuracyGrace.TotalMilliseconds;
        _state = ((JournalStore)context.GetStateStore(StoreName)).Journal;
        context.Schedule(options.AccuracyReportInterval, PunctuationType.PROCESSING_TIME, _ => Report());
        context.Schedule(TimeSpan.FromSeconds(1), PunctuationType.STREAM_TIME, CloseWindows);
    }

    public Record<string, AccuracyReport> Process(Record<string, Prediction> record)
    {
        EnsureRestored();
        var offset = _context.Offset;
        if (_redelivered.IsRedelivered(offset))
        {
            counters.RedeliveredSkipped();
            return null!;
        }
        var p = record.Value;
        var timestamp = record.Timestamp.UnixTimestampMs;
        _streamTime = Math.Max(_streamTime, timestamp);
        if (p.Label is not { } label) return null!; // unlabelled events are scored but not counted
        _redelivered.Applied(offset);
        _state.Append(Entry(p, timestamp, offset, _entry));
        Apply(p.ModelVersion, label, p.Probability, p.PredictedLabel, timestamp, _streamTime);
        if (_state.CheckpointDue) _state.Checkpoint(Serialize()); // a burst longer than the journal between two reports
        return null!; // reports are emitted by the punctuations
    }

    public void Close()
    {
    }

    private void Apply(long version, int label, double probability, int predicted, long timestamp, long streamTime)
    {
        var windowStart = timestamp - timestamp % _sizeMs;
        if (windowStart + _sizeMs + _graceMs <= streamTime)
        {
            LateRecords++;
        }
        else
        {
            Accumulate(WindowKeyPrefix + windowStart.ToString("D15"), label, probability, predicted, timestamp);
        }
        Accumulate(VersionKeyPrefix + version.ToString("D12"), label, probability, predicted, timestamp);
    }

    private void Accumulate(string key, int label, double probability, int predicted, long timestamp)
    {
        if (!_accumulators.TryGetValue(key, out var acc)) _accumulators[key] = acc = new AccuracyAccumulator();
        acc.Add(label, probability, predicted, timestamp);
        _dirty.Add(key);
    }

    private void Report()
    {
        EnsureRestored();
        if (_dirty.Count == 0) return;
        foreach (var key in _dirty) Emit(key, _accumulators[key]);
        _dirty.Clear();
        _state.Checkpoint(Serialize());
    }

    private void CloseWindows(long streamTime)
    {
        EnsureRestored();
        var closed = _accumulators.Keys
            .Where(k => k.StartsWith(WindowKeyPrefix, StringComparison.Ordinal) &&
                        long.Parse(k.AsSpan(WindowKeyPrefix.Length)) + _sizeMs + _graceMs <= streamTime)
            .ToList();
        if (closed.Count == 0) return;
        foreach (var key in closed)
        {
            if (_dirty.Remove(key)) Emit(key, _accumulators[key]);
            _accumulators.Remove(key);
        }
        _state.Checkpoint(Serialize());
        if (LateRecords > 0) _logger.LogDebug("{Late} prediction(s) arrived after their accuracy window closed", LateRecords);
    }

    private void Emit(string key, AccuracyAccumulator acc)
    {
        AccuracyReport report;
        string outKey;
        if (key.StartsWith(WindowKeyPrefix, StringComparison.Ordinal))
        {
            var start = long.Parse(key.AsSpan(WindowKeyPrefix.Length));
            outKey = "window";
            report = Report(acc, start, start + _sizeMs, null);
        }
        else
        {
            var version = long.Parse(key.AsSpan(VersionKeyPrefix.Length));
            outKey = $"model-{version}";
            report = Report(acc, acc.FirstEventTime, acc.LastEventTime + 1, version);
        }
        _context.ChangeTimestamp(Math.Max(0, report.WindowEnd.ToUnixTimeMilliseconds() - 1));
        _context.Forward(outKey, report);
    }

    private static AccuracyReport Report(AccuracyAccumulator acc, long start, long end, long? version) => new()
    {
        WindowStart = DateTimeOffset.FromUnixTimeMilliseconds(start),
        WindowEnd = DateTimeOffset.FromUnixTimeMilliseconds(end),
        ModelVersion = version,
        Count = acc.Count,
        Correct = acc.Correct,
        Accuracy = acc.Accuracy,
        LogLoss = acc.LogLoss,
        Auc = acc.Auc,
        Positives = acc.Positives,
    };

    private const int EntryBytes = 8 + 1 + 8 + 1 + 8 + 8;
    private const int EntryBytesWithoutOffset = EntryBytes - 8;

    /// <summary>First field of a checkpoint that records the last counted input offset (a count is never negative).</summary>
    private const int CheckpointFormat = -2;

    /// <summary>The journal entry of one labelled prediction, written into <paramref name="bytes"/> (one per prediction, so no allocation).</summary>
    private static byte[] Entry(Prediction p, long timestamp, long offset, byte[] bytes)
    {
        BinaryPrimitives.WriteInt64LittleEndian(bytes, p.ModelVersion);
        bytes[8] = (byte)p.Label!.Value;
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(9), p.Probability);
        bytes[17] = (byte)p.PredictedLabel;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(18), timestamp);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(26), offset);
        return bytes;
    }

    private byte[] Serialize()
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write(CheckpointFormat);
        w.Write(_redelivered.AppliedThrough);
        w.Write(_accumulators.Count);
        foreach (var (key, acc) in _accumulators)
        {
            w.Write(key);
            var bytes = acc.ToBytes();
            w.Write(bytes.Length);
            w.Write(bytes);
        }
        w.Flush();
        return stream.ToArray();
    }

    /// <summary>Restores on first use, from whatever the store holds by then (see the learner).</summary>
    private void EnsureRestored()
    {
        if (_restored) return;
        _restored = true;
        Restore();
    }

    private void Restore()
    {
        var (checkpoint, journal) = _state.Load();
        if (checkpoint != null)
        {
            using var r = new BinaryReader(new MemoryStream(checkpoint));
            var n = r.ReadInt32();
            if (n == CheckpointFormat)
            {
                _redelivered.Applied(r.ReadInt64());
                n = r.ReadInt32();
            }
            for (var i = 0; i < n; i++)
            {
                var key = r.ReadString();
                _accumulators[key] = AccuracyAccumulator.FromBytes(r.ReadBytes(r.ReadInt32()));
            }
        }
        foreach (var e in journal)
        {
            var span = e.AsSpan();
            if (span.Length is not (EntryBytes or EntryBytesWithoutOffset)) throw new InvalidDataException("Accuracy journal entry has the wrong size.");
            var timestamp = BinaryPrimitives.ReadInt64LittleEndian(span[18..]);
            if (span.Length == EntryBytes) _redelivered.Applied(BinaryPrimitives.ReadInt64LittleEndian(span[26..]));
            // Journaled records were accepted when they arrived; replay them as on time.
            Apply(BinaryPrimitives.ReadInt64LittleEndian(span), span[8], BinaryPrimitives.ReadDoubleLittleEndian(span[9..]),
                span[17], timestamp, long.MinValue);
        }
        _redelivered.Restored();
        if (_state.CheckpointDue) _state.Checkpoint(Serialize()); // a journal laid out for another ring size: re-laid first
    }
}
