using SusyTopology.Events;
using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.App.Topology;

/// <summary>An event after validation: <see cref="Problem"/> is null for a good event.</summary>
public readonly record struct ValidatedEvent(SusyEvent Event, string? Problem);

/// <summary>Validates every decoded event; a bad one keeps flowing, marked and with dead-letter headers, to be split off.</summary>
internal sealed class ValidationProcessor(TopologyCounters counters) : IFixedKeyProcessor<long, SusyEvent, ValidatedEvent>
{
    public const string InvalidEventKind = "SusyTopology.InvalidEvent";
    private IFixedKeyProcessorContext<long, ValidatedEvent> _context = null!;

    public void Init(IFixedKeyProcessorContext<long, ValidatedEvent> context) => _context = context;

    public void Process(FixedKeyRecord<long, SusyEvent> record)
    {
        var problem = EventValidation.Problem(record.Value);
        if (problem == null)
        {
            counters.Event(record.Value.Split == Split.TRAIN);
            _context.Forward(record.WithValue(new ValidatedEvent(record.Value, null)));
            return;
        }
        counters.InvalidEvent();
        var headers = DeadLetterHeaders.For(InvalidEventKind, problem, _context.RecordMetadata, record.Headers);
        _context.Forward(record.WithValue(new ValidatedEvent(record.Value, problem)).WithHeaders(headers));
    }
}
