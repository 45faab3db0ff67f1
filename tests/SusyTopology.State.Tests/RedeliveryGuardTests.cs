namespace SusyTopology.State.Tests;

public sealed class RedeliveryGuardTests
{
    [Fact]
    public void After_a_restore_records_up_to_the_last_applied_offset_are_redelivered_until_the_first_new_one()
    {
        var guard = new RedeliveryGuard();
        guard.Applied(3);
        guard.Applied(7);
        guard.Restored();
        Assert.True(guard.IsRedelivered(5));
        Assert.True(guard.IsRedelivered(7));
        Assert.False(guard.IsRedelivered(8));
        Assert.False(guard.IsRedelivered(2)); // past the first new record nothing is skipped again
    }

    [Fact]
    public void Without_a_restore_or_with_nothing_applied_nothing_is_redelivered()
    {
        var fresh = new RedeliveryGuard();
        Assert.False(fresh.IsRedelivered(0)); // the test driver re-pipes internal records from offset 0
        fresh.Restored();
        Assert.False(fresh.IsRedelivered(0));
        Assert.Equal(-1, fresh.AppliedThrough);
    }
}
