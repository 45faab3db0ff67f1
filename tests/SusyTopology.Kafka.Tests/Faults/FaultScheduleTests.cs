using Confluent.Kafka;
using SusyTopology.Kafka.Embedded.Faults;

namespace SusyTopology.Kafka.Tests.Faults;

public class FaultScheduleTests
{
    [Fact]
    public void Parses_each_kind_of_step_in_time_order()
    {
        var schedule = FaultSchedule.Parse("6s broker-down 1 3s; 2s errors Produce NOT_LEADER_OR_FOLLOWER,REQUEST_TIMED_OUT*2\n" +
                                           "4s leader susy-events 3; 4500ms leader t/2 1; 5s coordinator g 2; 20s lift");
        Assert.Equal(
        [
            new FaultStep(TimeSpan.FromSeconds(2), new RequestErrors("Produce", 0,
                [ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.RequestTimedOut])),
            new FaultStep(TimeSpan.FromSeconds(4), new LeaderChange("susy-events", null, 3)),
            new FaultStep(TimeSpan.FromSeconds(4.5), new LeaderChange("t", 2, 1)),
            new FaultStep(TimeSpan.FromSeconds(5), new CoordinatorMove("g", 2)),
            new FaultStep(TimeSpan.FromSeconds(6), new BrokerDown(1, TimeSpan.FromSeconds(3))),
            new FaultStep(TimeSpan.FromSeconds(20), new LiftFaults()),
        ], schedule.Steps);
    }

    [Fact]
    public void The_standard_schedule_uses_every_kind_of_fault_on_the_given_events_topic_and_ends_lifted()
    {
        var schedule = FaultSchedule.Parse("standard", "my-events", "my-app");
        Assert.Contains(schedule.Steps, s => s.Fault is CoordinatorMove { Group: "my-app" });
        Assert.Contains(schedule.Steps, s => s.Fault is BrokerDown);
        Assert.Contains(schedule.Steps, s => s.Fault is LeaderChange { Topic: "my-events" });
        Assert.Equal(["Fetch", "Heartbeat", "JoinGroup", "OffsetCommit", "Produce", "SyncGroup"],
            schedule.Steps.Select(s => s.Fault).OfType<RequestErrors>().Select(e => e.Api).Distinct().Order());
        Assert.IsType<LiftFaults>(schedule.WithFinalLift()[^1].Fault);
        Assert.Same(schedule.Steps, schedule.WithFinalLift()); // its own lift comes after everything
    }

    [Fact]
    public void A_schedule_without_a_lift_is_lifted_when_its_last_outage_ends()
    {
        var schedule = FaultSchedule.Parse("1s broker-down 2 5s; 3s errors Fetch NOT_LEADER_OR_FOLLOWER");
        Assert.Equal(TimeSpan.FromSeconds(6), schedule.End);
        Assert.Equal(new FaultStep(TimeSpan.FromSeconds(6), new LiftFaults()), schedule.WithFinalLift()[^1]);
    }

    [Theory]
    [InlineData("", "no step")]
    [InlineData("2 errors Produce REQUEST_TIMED_OUT", "'2' is not a duration")]
    [InlineData("2s errors Produse REQUEST_TIMED_OUT", "unknown API 'Produse'")]
    [InlineData("2s errors Produce TIMED_OUT", "unknown error 'TIMED_OUT'")]
    [InlineData("2s errors Produce REQUEST_TIMED_OUT*0", "CODE*N")]
    [InlineData("2s broker-down 0 3s", "'0' is not a broker id")]
    [InlineData("2s broker-down 1", "expected 'broker-down BROKER DURATION'")]
    [InlineData("2s leader t/x 2", "TOPIC/PARTITION")]
    [InlineData("2s reboot", "expected 'broker-down")]
    public void A_malformed_step_is_refused_with_a_message_naming_it(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => FaultSchedule.Parse(text));
        Assert.Contains(message, e.Message);
    }
}
