using SusyTopology.App.Topology;
using SusyTopology.Events;

namespace SusyTopology.App.Tests.Topology;

public class SusyEventFeaturesTests
{
    [Fact]
    public void Feature_field_names_follow_the_schema_in_its_order()
    {
        var schemaFeatures = SusyEvent.AvroRecordSchema.Fields.Select(f => f.Name)
            .Where(n => n is not ("event_id" or "split" or "label" or "event_time"));
        Assert.Equal(schemaFeatures, SusyEventFeatures.FieldNames);
    }

    [Fact]
    public void Features_copy_in_uci_order_and_round_trip_through_an_event()
    {
        var values = Enumerable.Range(1, 18).Select(i => i * 0.5f).ToArray();
        var e = SusyEventFeatures.ToEvent(7, Split.TEST, 1, values, DateTimeOffset.UnixEpoch);
        var floats = new float[18];
        SusyEventFeatures.CopyTo(e, floats);
        Assert.Equal(values, floats);
        Assert.Equal(5.5, e.MR); // feature 11 (index 10) is M_R: (10 + 1) × 0.5
    }
}
