using Confluent.Kafka;
using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.SerDes;
using SusyTopology.App.Serdes;
using SusyTopology.Events;

namespace SusyTopology.App.Topology;

/// <summary>
/// An event after decoding and validation: <see cref="Problem"/> is null for a good event. A rejected record keeps its
/// original key and value bytes, which go to the dead-letter topic as they arrived.
/// </summary>
public readonly record struct ValidatedEvent(SusyEvent? Event, string? Problem, byte[]? RawKey = null, byte[]? RawValue = null)
{
    public SusyEvent Valid => Event ?? throw new InvalidOperationException("A rejected event has no decoded value: " + Problem);
}

/// <summary>
/// Decodes each record of the events topic (big-endian id key, Avro value) and validates the event. A record that
/// cannot be decoded (bad magic byte, unknown schema id, truncated Avro, a key that is not 8 bytes) or decodes to an
/// unusable event keeps flowing, marked and with dead-letter headers, to be split off to the dead-letter topic. Decoding
/// happens here rather than in the source so that the rejection is part of the topology's output (and its
/// transaction) instead of a side channel of the deserialization handler.
/// </summary>
internal sealed class ValidationProcessor(ISerDes<long> keys, ISerDes<SusyEvent> values, TopologyCounters counters, IInputLag lag)
    : ITransformer<byte[], byte[], long, ValidatedEvent>
{
    public const string InvalidEventKind = "SusyTopology.InvalidEvent";
    private ProcessorContext<long, ValidatedEvent> _context = null!;

    public void Init(ProcessorContext<long, ValidatedEvent> context) => _context = context;

    public Record<long, ValidatedEvent> Process(Record<byte[], byte[]> record)
    {
        counters.InputLag(_context.Topic, _context.Partition.Value, lag.Behind(_context.Topic, _context.Partition.Value, _context.Offset));
        long key;
        SusyEvent e;
        try
        {
            key = keys.Deserialize(record.Key, new SerializationContext(MessageComponentType.Key, _context.Topic, record.Headers));
            e = values.Deserialize(record.Value, new SerializationContext(MessageComponentType.Value, _context.Topic, record.Headers))
                ?? throw new InvalidDataException("the value is null (a tombstone is not an event)");
        }
        catch (Exception ex) when (UndecodableRecord.IsRecordsFault(ex))
        {
            return Reject(record, ex.GetType().FullName ?? ex.GetType().Name, UndecodableRecord.Reason(ex, record.Value), TopologyCounters.DeadLetterReason.Undecodable);
        }
        var problem = EventValidation.Problem(e);
        if (problem != null) return Reject(record, InvalidEventKind, problem, TopologyCounters.DeadLetterReason.InvalidEvent);
        counters.Event(e.Split == Split.TRAIN);
        return Record<long, ValidatedEvent>.Create(key, new ValidatedEvent(e, null),
            EventOrigin.With(record.Headers, _context.Partition.Value, _context.Offset));
    }

    private Record<long, ValidatedEvent> Reject(Record<byte[], byte[]> record, string kind, string reason, string metricReason)
    {
        counters.InvalidEvent(metricReason);
        var headers = DeadLetterHeaders.For(kind, reason, _context.Topic, _context.Partition.Value, _context.Offset, record.Headers);
        return Record<long, ValidatedEvent>.Create(-1, new ValidatedEvent(null, reason, record.Key, record.Value), headers);
    }

    public void Close()
    {
    }
}
