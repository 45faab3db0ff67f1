namespace SusyTopology.Dashboard.Observations;

/// <summary>A record of the dead-letter topic: what rejected it and why (its <c>__streams.errors.*</c> headers) and
/// where it came from.</summary>
public sealed record ObservedDeadLetter(long TimestampMs, string Kind, string Reason, string? SourceTopic, int? SourcePartition, long? SourceOffset);
