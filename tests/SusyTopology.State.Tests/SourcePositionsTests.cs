namespace SusyTopology.State.Tests;

public sealed class SourcePositionsTests
{
    [Fact]
    public void A_record_is_held_up_to_the_highest_offset_applied_on_its_own_partition()
    {
        var positions = new SourcePositions();
        positions.Applied(0, 10);
        positions.Applied(3, 4);
        positions.Applied(0, 7); // an older record of partition 0 does not lower its position

        Assert.True(positions.Holds(0, 10));
        Assert.True(positions.Holds(0, 0));
        Assert.False(positions.Holds(0, 11));
        Assert.True(positions.Holds(3, 4));
        Assert.False(positions.Holds(3, 5));
        Assert.False(positions.Holds(1, 0)); // nothing applied from partition 1 yet
    }

    [Fact]
    public void Positions_survive_a_write_and_read_and_replace_what_the_reader_held()
    {
        var written = new SourcePositions();
        written.Applied(2, 41);
        written.Applied(0, 9);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) written.WriteTo(w);

        var read = new SourcePositions();
        read.Applied(5, 100);
        stream.Position = 0;
        using (var r = new BinaryReader(stream)) read.ReadFrom(r);

        Assert.Equal(written.AppliedThrough, read.AppliedThrough);
        Assert.False(read.Holds(5, 100));
    }

    [Fact]
    public void Negative_positions_are_refused()
    {
        var positions = new SourcePositions();
        Assert.Throws<ArgumentOutOfRangeException>(() => positions.Applied(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => positions.Applied(0, -1));
    }
}
