using System.Text;
using Confluent.Kafka;
using SusyTopology.App.Topology;

namespace SusyTopology.App.Tests.Topology;

public sealed class EventOriginTests
{
    [Fact]
    public void The_origin_is_added_beside_the_records_own_headers_and_replaces_an_origin_it_carried()
    {
        var incoming = new Headers
        {
            { "trace", "abc"u8.ToArray() },
            { EventOrigin.PartitionHeader, "9"u8.ToArray() },
            { EventOrigin.OffsetHeader, "99"u8.ToArray() },
        };

        var headers = EventOrigin.With(incoming, partition: 3, offset: 1234567890123);

        Assert.Equal(["trace", EventOrigin.PartitionHeader, EventOrigin.OffsetHeader], headers.Select(h => h.Key));
        Assert.Equal("1234567890123", Encoding.ASCII.GetString(headers.GetLastBytes(EventOrigin.OffsetHeader))); // readable with kcat
        Assert.True(EventOrigin.TryRead(headers, out var partition, out var offset));
        Assert.Equal((3, 1234567890123L), (partition, offset));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("2", null)]
    [InlineData("2", "x1")]
    [InlineData("2", "12 ")]
    [InlineData("-1", "5")]
    public void Headers_without_a_whole_origin_name_none(string? partitionText, string? offsetText)
    {
        var headers = new Headers();
        if (partitionText != null) headers.Add(EventOrigin.PartitionHeader, Encoding.ASCII.GetBytes(partitionText));
        if (offsetText != null) headers.Add(EventOrigin.OffsetHeader, Encoding.ASCII.GetBytes(offsetText));

        Assert.False(EventOrigin.TryRead(headers, out var partition, out var offset));
        Assert.Equal((-1, -1L), (partition, offset));
    }

    [Fact]
    public void A_learn_journal_entry_keeps_the_origin_and_entries_of_earlier_layouts_read_without_one()
    {
        var features = Enumerable.Range(0, SusyEventFeatures.Count).Select(i => i * 0.5f).ToArray();
        var buffer = new byte[LearnerJournal.LearnBytes(features.Length)];
        var entry = LearnerJournal.Learn(features, 1, 6, 4242, buffer).ToArray();
        var read = new float[features.Length];

        Assert.Equal((1, 6, 4242L), LearnerJournal.ReadLearn(entry, read));
        Assert.Equal(features, read);
        // The layout before origins kept the learner's own input offset in the last 8 bytes: it says nothing of origin.
        Assert.Equal((1, -1, -1L), LearnerJournal.ReadLearn(entry.AsSpan(0, entry.Length - 4), read));
        Assert.Throws<InvalidDataException>(() => LearnerJournal.ReadLearn(entry.AsSpan(0, entry.Length - 1), read));
    }
}
