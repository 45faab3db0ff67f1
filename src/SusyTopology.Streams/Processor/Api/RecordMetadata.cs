namespace SusyTopology.Streams.Processor.Api;

/// <summary>Where the record being processed was read from.</summary>
public readonly record struct RecordMetadata(string Topic, int Partition, long Offset);
