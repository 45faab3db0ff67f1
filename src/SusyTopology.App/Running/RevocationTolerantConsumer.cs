using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using SusyTopology.Kafka.Clients;

namespace SusyTopology.App.Running;

/// <summary>
/// A stream thread's consumer whose offset commit, while its partitions are being revoked, may be refused without
/// failing the revocation. Streamiz removes the revoked tasks and then commits them inside the revocation callback; an
/// exception there leaves the thread marked as rebalancing (it never polls again) and the tasks unclosed (their
/// changelogs stay registered, so taking a partition back fails). Swallowing the refusal lets Streamiz close the tasks
/// and finish the revocation; the uncommitted records are processed again by whoever gets the partitions, as
/// at_least_once allows. <see cref="Close"/> first polls until the revocation that unsubscribing started is handled:
/// inside librdkafka's consumer close, Confluent.Kafka's rebalance callback asks for the rebalance protocol, and that
/// request can wait forever (librdkafka issue 4041; here one shutdown in three of the app benchmark hung there).
/// Every other call goes straight to the consumer.
/// </summary>
public sealed class RevocationTolerantConsumer(IConsumer<byte[], byte[]> inner, RevocationFailureAsLoss revocations, ILogger logger)
    : DelegatingConsumer(inner)
{
    private const int MaxRevocationPolls = 50;
    private static readonly TimeSpan RevocationPoll = TimeSpan.FromMilliseconds(100);

    public override void Commit(IEnumerable<TopicPartitionOffset> offsets)
    {
        if (!revocations.Revoking)
        {
            Inner.Commit(offsets);
            return;
        }
        try
        {
            Inner.Commit(offsets);
        }
        catch (KafkaException e)
        {
            logger.LogWarning("The commit of revoked partitions was refused ({Reason}); their records since the last commit will be processed again",
                e.Error.Reason);
        }
    }

    public override void Close()
    {
        if (Inner.Subscription.Count == 0)
        {
            // The records a poll still returns are dropped: nothing processed them, so nothing committed them.
            for (var poll = 0; poll < MaxRevocationPolls && Inner.Assignment.Count > 0; poll++)
            {
                try
                {
                    Inner.Consume(RevocationPoll);
                }
                catch (KafkaException e)
                {
                    logger.LogWarning("Polling for the final revocation failed ({Reason}); closing with the partitions still assigned", e.Error.Reason);
                    break;
                }
            }
        }
        Inner.Close();
    }
}
