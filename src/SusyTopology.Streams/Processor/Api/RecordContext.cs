using Confluent.Kafka;

namespace SusyTopology.Streams.Processor.Api;

/// <summary>What a topic-name extractor knows about the record being routed.</summary>
public readonly record struct RecordContext(RecordMetadata? Source, long Timestamp, Headers? Headers);
