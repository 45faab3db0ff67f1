using Confluent.Kafka;

namespace SusyTopology.Kafka.Embedded.Faults;

/// <summary>
/// The Kafka protocol's own names for the API keys and error codes a fault schedule may use (as in Kafka's
/// <c>ApiKeys</c> and <c>Errors</c>), so a schedule reads like a broker log rather than Confluent.Kafka's enum names.
/// </summary>
public static class KafkaProtocolNames
{
    private static readonly Dictionary<string, short> ApiKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Produce"] = 0,
        ["Fetch"] = 1,
        ["ListOffsets"] = 2,
        ["Metadata"] = 3,
        ["OffsetCommit"] = 8,
        ["OffsetFetch"] = 9,
        ["FindCoordinator"] = 10,
        ["JoinGroup"] = 11,
        ["Heartbeat"] = 12,
        ["LeaveGroup"] = 13,
        ["SyncGroup"] = 14,
        ["InitProducerId"] = 22,
    };

    // Retriable errors a client must ride through; the mock answers whatever it is given, so the list is the policy.
    private static readonly Dictionary<string, ErrorCode> Errors = new(StringComparer.OrdinalIgnoreCase)
    {
        ["NOT_LEADER_OR_FOLLOWER"] = ErrorCode.NotLeaderForPartition,
        ["LEADER_NOT_AVAILABLE"] = ErrorCode.LeaderNotAvailable,
        ["REQUEST_TIMED_OUT"] = ErrorCode.RequestTimedOut,
        ["COORDINATOR_LOAD_IN_PROGRESS"] = ErrorCode.GroupLoadInProgress,
        ["COORDINATOR_NOT_AVAILABLE"] = ErrorCode.GroupCoordinatorNotAvailable,
        ["NOT_COORDINATOR"] = ErrorCode.NotCoordinatorForGroup,
        ["NOT_ENOUGH_REPLICAS"] = ErrorCode.NotEnoughReplicas,
        ["REBALANCE_IN_PROGRESS"] = ErrorCode.RebalanceInProgress,
        ["UNKNOWN_TOPIC_OR_PARTITION"] = ErrorCode.UnknownTopicOrPart,
    };

    public static IEnumerable<string> ApiNames => ApiKeys.Keys;
    public static IEnumerable<string> ErrorNames => Errors.Keys;

    public static bool TryApiKey(string name, out short key) => ApiKeys.TryGetValue(name, out key);
    public static bool TryError(string name, out ErrorCode code) => Errors.TryGetValue(name, out code);

    public static string ErrorName(ErrorCode code) => Errors.FirstOrDefault(e => e.Value == code).Key ?? code.ToString();
}
