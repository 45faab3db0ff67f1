namespace SusyTopology.Streams.Runtime;

/// <summary>Kafka Streams' <c>processing.guarantee</c>.</summary>
public enum ProcessingGuarantee
{
    /// <summary>Offsets are committed after the output is flushed: a crash may re-process (duplicate) records.</summary>
    AtLeastOnce,

    /// <summary>
    /// KIP-447's exactly-once: one transactional producer per stream thread; output records and input offsets are
    /// committed in one transaction (<c>SendOffsetsToTransaction</c> with the consumer's group metadata).
    /// </summary>
    ExactlyOnceV2,
}
