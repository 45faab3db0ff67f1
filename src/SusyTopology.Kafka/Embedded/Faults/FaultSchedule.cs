using System.Globalization;

namespace SusyTopology.Kafka.Embedded.Faults;

/// <summary>A fault at a time after the schedule starts.</summary>
public sealed record FaultStep(TimeSpan At, Fault Fault);

/// <summary>
/// Faults to inject into the embedded cluster, each at a time after the schedule starts. Written as steps separated by
/// ';' or new lines, each <c>AT ACTION</c>:
/// <list type="bullet">
/// <item><c>6s broker-down 1 3s</c> — broker 1 down, back up 3 s later;</item>
/// <item><c>2s errors Produce NOT_LEADER_OR_FOLLOWER,REQUEST_TIMED_OUT*2</c> — the next Produce requests fail with
/// these errors, one each (<c>*N</c> repeats one);</item>
/// <item><c>4s leader susy-events 3</c> (or <c>susy-events/0</c>) — partition leadership moves to broker 3;</item>
/// <item><c>0s coordinator susy-topology 1</c> — the group's coordinator moves to broker 1;</item>
/// <item><c>20s lift</c> — errors still queued are dropped, every broker is up (implied after the last step).</item>
/// </list>
/// </summary>
public sealed record FaultSchedule(IReadOnlyList<FaultStep> Steps)
{
    public const string StandardName = "standard";

    /// <summary>
    /// The schedule of the README's fault run, timed for the bundled sample streamed at 600 events/s (15 s) into a
    /// 3-broker cluster: the app's group coordinator moved to broker 1, request errors on fetches and produces, the
    /// events topic's leaders moved to broker 3, broker 1 down for 3 s (half the embedded profile's 6 s session
    /// timeout), errors on commits and heartbeats, then broker 1 down for 8 s, so that the group loses its members
    /// and rebalances through errors on JoinGroup and SyncGroup; lifted at 28 s.
    /// </summary>
    public static FaultSchedule Standard(string eventsTopic, string group) => Parse(string.Join(';',
        $"0s coordinator {group} 1",
        "0s errors Fetch NOT_LEADER_OR_FOLLOWER*3",
        "0s errors Produce NOT_LEADER_OR_FOLLOWER,REQUEST_TIMED_OUT*2",
        $"2s leader {eventsTopic} 3",
        "4s broker-down 1 3s",
        "9s errors OffsetCommit COORDINATOR_NOT_AVAILABLE,NOT_COORDINATOR",
        "9s errors Heartbeat NOT_COORDINATOR,COORDINATOR_NOT_AVAILABLE",
        "11s errors JoinGroup COORDINATOR_NOT_AVAILABLE,NOT_COORDINATOR",
        "11s errors SyncGroup REBALANCE_IN_PROGRESS",
        "11s broker-down 1 8s",
        "22s errors Produce NOT_LEADER_OR_FOLLOWER*2",
        "28s lift"));

    /// <summary>Parses a schedule (see the type's remarks), or <see cref="StandardName"/>; steps come out in time order.</summary>
    /// <exception cref="FormatException">A step is malformed; the message names it.</exception>
    public static FaultSchedule Parse(string text, string eventsTopic = "susy-events", string group = "susy-topology")
    {
        if (string.Equals(text.Trim(), StandardName, StringComparison.OrdinalIgnoreCase)) return Standard(eventsTopic, group);
        var steps = text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ParseStep).OrderBy(s => s.At).ToList();
        if (steps.Count == 0) throw new FormatException("The fault schedule has no step.");
        return new FaultSchedule(steps);
    }

    /// <summary>When the schedule has nothing more to do: its last step, or the end of its last broker outage.</summary>
    public TimeSpan End => Steps.Max(s => s.Fault is BrokerDown down ? s.At + down.Duration : s.At);

    /// <summary>The steps with an explicit <see cref="LiftFaults"/> at the end when the schedule has none after its last fault.</summary>
    public IReadOnlyList<FaultStep> WithFinalLift() =>
        Steps[^1].Fault is LiftFaults && Steps[^1].At >= End ? Steps : [.. Steps, new FaultStep(End, new LiftFaults())];

    private static FaultStep ParseStep(string step)
    {
        var words = step.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2) throw new FormatException($"Fault step '{step}': expected 'AT ACTION …', e.g. '6s broker-down 1 3s'.");
        var at = Duration(words[0], step);
        Fault fault = words[1].ToLowerInvariant() switch
        {
            "broker-down" when words.Length == 4 => new BrokerDown(Broker(words[2], step), Duration(words[3], step)),
            "errors" when words.Length == 4 => new RequestErrors(ApiName(words[2], step), ApiKey(words[2], step), Errors(words[3], step)),
            "leader" when words.Length == 4 => Leader(words[2], Broker(words[3], step), step),
            "coordinator" when words.Length == 4 => new CoordinatorMove(words[2], Broker(words[3], step)),
            "lift" when words.Length == 2 => new LiftFaults(),
            _ => throw new FormatException($"Fault step '{step}': expected 'broker-down BROKER DURATION', 'errors API CODE[,CODE…]', " +
                                           "'leader TOPIC[/PARTITION] BROKER', 'coordinator GROUP BROKER' or 'lift'."),
        };
        return new FaultStep(at, fault);
    }

    private static TimeSpan Duration(string text, string step)
    {
        var (number, scale) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : throw new FormatException($"Fault step '{step}': '{text}' is not a duration such as 3s or 500ms.");
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
            throw new FormatException($"Fault step '{step}': '{text}' is not a duration such as 3s or 500ms.");
        return TimeSpan.FromSeconds(value * scale);
    }

    private static int Broker(string text, string step) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= 1 ? id
            : throw new FormatException($"Fault step '{step}': '{text}' is not a broker id (1, 2, …).");

    private static short ApiKey(string name, string step) => KafkaProtocolNames.TryApiKey(name, out var key) ? key
        : throw new FormatException($"Fault step '{step}': unknown API '{name}' (one of {string.Join(", ", KafkaProtocolNames.ApiNames)}).");

    private static string ApiName(string name, string step) =>
        KafkaProtocolNames.ApiNames.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) ?? ApiKey(name, step).ToString(CultureInfo.InvariantCulture);

    private static List<Confluent.Kafka.ErrorCode> Errors(string list, string step)
    {
        var errors = new List<Confluent.Kafka.ErrorCode>();
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var star = item.IndexOf('*');
            var name = star < 0 ? item : item[..star];
            var times = 1;
            if (star >= 0 && (!int.TryParse(item[(star + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out times) || times < 1))
                throw new FormatException($"Fault step '{step}': '{item}' should be CODE or CODE*N.");
            if (!KafkaProtocolNames.TryError(name, out var code))
                throw new FormatException($"Fault step '{step}': unknown error '{name}' (one of {string.Join(", ", KafkaProtocolNames.ErrorNames)}).");
            errors.AddRange(Enumerable.Repeat(code, times));
        }
        return errors.Count > 0 ? errors : throw new FormatException($"Fault step '{step}': no error code.");
    }

    private static LeaderChange Leader(string target, int broker, string step)
    {
        var slash = target.LastIndexOf('/');
        if (slash < 0) return new LeaderChange(target, null, broker);
        return int.TryParse(target[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            ? new LeaderChange(target[..slash], partition, broker)
            : throw new FormatException($"Fault step '{step}': '{target}' should be TOPIC or TOPIC/PARTITION.");
    }
}
