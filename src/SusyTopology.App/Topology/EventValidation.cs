using SusyTopology.Events;

namespace SusyTopology.App.Topology;

/// <summary>
/// Checks a decoded event before it reaches the model. Avro already guarantees the types; this catches what the
/// schema cannot: non-finite features (NaN and ±∞ are valid Avro doubles) and labels outside {0, 1}, or a TRAIN event
/// without a label. Returns the reason, or null when the event is fine.
/// </summary>
public static class EventValidation
{
    public static string? Problem(SusyEvent e)
    {
        Span<double> values = stackalloc double[SusyEventFeatures.Count]; // per event: no iterator, no allocation
        SusyEventFeatures.CopyTo(e, values);
        for (var i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                return $"feature {SusyEventFeatures.FieldNames[i]} is {Describe(values[i])} (features must be finite)";
        if (e.Label is { } label && label is not (0 or 1))
            return $"label is {label} (labels are 0, 1 or null)";
        if (e.Split == Split.TRAIN && e.Label is null)
            return "TRAIN event without a label";
        if (!Enum.IsDefined(e.Split))
            return $"split {(int)e.Split} is not TRAIN or TEST";
        return null;
    }

    private static string Describe(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+Infinity" : "-Infinity";
}
