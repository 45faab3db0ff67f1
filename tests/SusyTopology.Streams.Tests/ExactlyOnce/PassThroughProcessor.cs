using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.Tests.ExactlyOnce;

/// <summary>Forwards every record unchanged: a processor node for topology-shape tests.</summary>
public sealed class PassThroughProcessor : IProcessor<string, string, string, string>
{
    private IProcessorContext<string, string> _context = null!;

    public void Init(IProcessorContext<string, string> context) => _context = context;

    public void Process(Record<string, string> record) => _context.Forward(record);
}
