using SusyTopology.Streams.Runtime;

namespace SusyTopology.Streams.Tests.Runtime;

/// <summary>A closing client's threads leave the group only after all of them committed (see <see cref="ThreadRendezvous"/>).</summary>
public sealed class ThreadRendezvousTests
{
    [Fact]
    public async Task No_member_passes_before_every_member_arrived()
    {
        var barrier = new ThreadRendezvous(3, TimeSpan.FromSeconds(30));
        object a = new(), b = new(), c = new();
        var passedA = Task.Run(() => barrier.ArriveAndWait(a));
        var passedB = Task.Run(() => barrier.ArriveAndWait(b));
        await Task.Delay(200);
        Assert.False(passedA.IsCompleted);
        Assert.False(passedB.IsCompleted);

        barrier.Arrive(c); // e.g. a thread that was already dead, arriving for it
        Assert.True(await passedA.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await passedB.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_member_counts_once_however_often_it_arrives_and_the_wait_is_bounded()
    {
        var barrier = new ThreadRendezvous(2, TimeSpan.FromMilliseconds(100));
        var a = new object();
        barrier.Arrive(a);
        barrier.Arrive(a); // a failed thread arrives on exit after arriving in its shutdown: no double count
        Assert.False(barrier.ArriveAndWait(a)); // the other never came: times out instead of hanging the shutdown
        barrier.Arrive(new object());
        Assert.True(barrier.ArriveAndWait(a));
    }
}
