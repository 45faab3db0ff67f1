using SusyTopology.Streams.Processor.Api;

namespace SusyTopology.Streams.TestDriver;

public sealed class TopologyTestDriverOptions
{
    /// <summary>Prefix of internal topics and changelogs, as application.id in the runtime.</summary>
    public string ApplicationId { get; init; } = "test-driver";

    /// <summary>Initial wall-clock time (fixed, so wall-clock punctuation is reproducible).</summary>
    public DateTimeOffset InitialWallClockTime { get; init; } = DateTimeOffset.UnixEpoch;

    public IDeserializationExceptionHandler DeserializationExceptionHandler { get; init; } = new LogAndFailExceptionHandler();
}
