using Confluent.Kafka;

namespace SusyTopology.Kafka.Embedded.Faults;

/// <summary>One fault of a <see cref="FaultSchedule"/>, as librdkafka's mock cluster can inject it.</summary>
public abstract record Fault
{
    /// <summary>What the fault does, as printed when it is injected.</summary>
    public abstract string Describe();
}

/// <summary>A broker stops serving (its connections close, new ones are refused) for <paramref name="Duration"/>.</summary>
public sealed record BrokerDown(int Broker, TimeSpan Duration) : Fault
{
    public override string Describe() => $"broker {Broker} down for {Duration.TotalSeconds:0.###} s";
}

/// <summary>The next requests of one API, whichever client sends them, are answered with these errors, one each.</summary>
public sealed record RequestErrors(string Api, short ApiKey, IReadOnlyList<ErrorCode> Errors) : Fault
{
    public override string Describe() =>
        $"next {Errors.Count} {Api} request(s) fail with {string.Join(", ", Runs())}";

    /// <summary>The errors as written in a schedule: a run of one error as <c>CODE*N</c>.</summary>
    private IEnumerable<string> Runs()
    {
        for (var i = 0; i < Errors.Count;)
        {
            var n = 1;
            while (i + n < Errors.Count && Errors[i + n] == Errors[i]) n++;
            yield return KafkaProtocolNames.ErrorName(Errors[i]) + (n > 1 ? $"*{n}" : "");
            i += n;
        }
    }

    public bool Equals(RequestErrors? other) =>
        other is not null && Api == other.Api && ApiKey == other.ApiKey && Errors.SequenceEqual(other.Errors);

    public override int GetHashCode() => HashCode.Combine(Api, ApiKey, Errors.Count);
}

/// <summary>Every partition of <paramref name="Topic"/> (or only <paramref name="Partition"/>) is led by another broker.</summary>
public sealed record LeaderChange(string Topic, int? Partition, int Broker) : Fault
{
    public override string Describe() =>
        Partition is { } p ? $"leader of {Topic}[{p}] moves to broker {Broker}" : $"leaders of every {Topic} partition move to broker {Broker}";
}

/// <summary>A consumer group's coordinator moves to <paramref name="Broker"/> (its members must find it again).</summary>
public sealed record CoordinatorMove(string Group, int Broker) : Fault
{
    public override string Describe() => $"coordinator of group {Group} moves to broker {Broker}";
}

/// <summary>Ends the schedule's faults: errors still queued are dropped and every broker is up.</summary>
public sealed record LiftFaults : Fault
{
    public override string Describe() => "lift: queued request errors cleared, every broker up";
}
