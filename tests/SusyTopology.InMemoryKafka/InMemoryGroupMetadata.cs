using Confluent.Kafka;

namespace SusyTopology.InMemoryKafka;

/// <summary>What <c>SendOffsetsToTransaction</c> needs to fence zombies (KIP-447): group, member and generation.</summary>
public sealed record InMemoryGroupMetadata(string GroupId, string MemberId, int Generation) : IConsumerGroupMetadata;
