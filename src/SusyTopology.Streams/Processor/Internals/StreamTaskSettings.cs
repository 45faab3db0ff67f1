using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SusyTopology.Streams.Processor.Api;
using SusyTopology.Streams.State;

namespace SusyTopology.Streams.Processor.Internals;

/// <summary>The instance-wide settings every task of one application shares.</summary>
internal sealed class StreamTaskSettings
{
    public required string ApplicationId { get; init; }

    public IDeserializationExceptionHandler DeserializationExceptionHandler { get; init; } = new LogAndFailExceptionHandler();

    /// <summary>Global stores of this instance by name: every task can read them.</summary>
    public IReadOnlyDictionary<string, IStateStore> GlobalStores { get; init; } = new Dictionary<string, IStateStore>();

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
