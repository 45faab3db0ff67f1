using SusyTopology.Events;
using SusyTopology.Learning.Data;

namespace SusyTopology.App.Topology;

/// <summary>
/// The one mapping between the Avro <see cref="SusyEvent"/> fields and the model's feature vector, in UCI column order
/// (the order <see cref="SusyFeatures"/> names and the exported ONNX model expects).
/// </summary>
public static class SusyEventFeatures
{
    public const int Count = SusyFeatures.Count;

    /// <summary>The Avro field names of the features, in the same (UCI) order.</summary>
    public static IReadOnlyList<string> FieldNames { get; } =
    [
        "lepton_1_pt", "lepton_1_eta", "lepton_1_phi", "lepton_2_pt", "lepton_2_eta", "lepton_2_phi",
        "missing_energy_magnitude", "missing_energy_phi", "met_rel", "axial_met", "m_r", "m_tr_2", "r", "mt2",
        "s_r", "m_delta_r", "dphi_r_b", "cos_theta_r1",
    ];

    /// <summary>The raw double values, for validation (a float cast could hide an overflow as infinity).</summary>
    public static void CopyTo(SusyEvent e, Span<double> values)
    {
        if (values.Length < Count) throw new ArgumentException($"Need room for {Count} features.", nameof(values));
        values[0] = e.Lepton1Pt;
        values[1] = e.Lepton1Eta;
        values[2] = e.Lepton1Phi;
        values[3] = e.Lepton2Pt;
        values[4] = e.Lepton2Eta;
        values[5] = e.Lepton2Phi;
        values[6] = e.MissingEnergyMagnitude;
        values[7] = e.MissingEnergyPhi;
        values[8] = e.MetRel;
        values[9] = e.AxialMet;
        values[10] = e.MR;
        values[11] = e.MTr2;
        values[12] = e.R;
        values[13] = e.Mt2;
        values[14] = e.SR;
        values[15] = e.MDeltaR;
        values[16] = e.DphiRB;
        values[17] = e.CosThetaR1;
    }

    /// <summary>The model's input: the features as float32, in UCI order.</summary>
    public static void CopyTo(SusyEvent e, Span<float> features)
    {
        if (features.Length < Count) throw new ArgumentException($"Need room for {Count} features.", nameof(features));
        Span<double> values = stackalloc double[Count];
        CopyTo(e, values);
        for (var i = 0; i < Count; i++) features[i] = (float)values[i];
    }

    /// <summary>Builds an event from a UCI row (features in column order).</summary>
    public static SusyEvent ToEvent(long eventId, Split split, int? label, ReadOnlySpan<float> f, DateTimeOffset eventTime) => new()
    {
        EventId = eventId,
        Split = split,
        Label = label,
        Lepton1Pt = f[0],
        Lepton1Eta = f[1],
        Lepton1Phi = f[2],
        Lepton2Pt = f[3],
        Lepton2Eta = f[4],
        Lepton2Phi = f[5],
        MissingEnergyMagnitude = f[6],
        MissingEnergyPhi = f[7],
        MetRel = f[8],
        AxialMet = f[9],
        MR = f[10],
        MTr2 = f[11],
        R = f[12],
        Mt2 = f[13],
        SR = f[14],
        MDeltaR = f[15],
        DphiRB = f[16],
        CosThetaR1 = f[17],
        EventTime = eventTime,
    };
}
