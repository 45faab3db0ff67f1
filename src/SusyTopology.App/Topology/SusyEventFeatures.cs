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

    public static void CopyTo(SusyEvent e, Span<float> features)
    {
        if (features.Length < Count) throw new ArgumentException($"Need room for {Count} features.", nameof(features));
        features[0] = (float)e.Lepton1Pt;
        features[1] = (float)e.Lepton1Eta;
        features[2] = (float)e.Lepton1Phi;
        features[3] = (float)e.Lepton2Pt;
        features[4] = (float)e.Lepton2Eta;
        features[5] = (float)e.Lepton2Phi;
        features[6] = (float)e.MissingEnergyMagnitude;
        features[7] = (float)e.MissingEnergyPhi;
        features[8] = (float)e.MetRel;
        features[9] = (float)e.AxialMet;
        features[10] = (float)e.MR;
        features[11] = (float)e.MTr2;
        features[12] = (float)e.R;
        features[13] = (float)e.Mt2;
        features[14] = (float)e.SR;
        features[15] = (float)e.MDeltaR;
        features[16] = (float)e.DphiRB;
        features[17] = (float)e.CosThetaR1;
    }

    /// <summary>The raw double values, for validation (a float cast could hide an overflow as infinity).</summary>
    public static IEnumerable<(string Field, double Value)> Values(SusyEvent e)
    {
        yield return ("lepton_1_pt", e.Lepton1Pt);
        yield return ("lepton_1_eta", e.Lepton1Eta);
        yield return ("lepton_1_phi", e.Lepton1Phi);
        yield return ("lepton_2_pt", e.Lepton2Pt);
        yield return ("lepton_2_eta", e.Lepton2Eta);
        yield return ("lepton_2_phi", e.Lepton2Phi);
        yield return ("missing_energy_magnitude", e.MissingEnergyMagnitude);
        yield return ("missing_energy_phi", e.MissingEnergyPhi);
        yield return ("met_rel", e.MetRel);
        yield return ("axial_met", e.AxialMet);
        yield return ("m_r", e.MR);
        yield return ("m_tr_2", e.MTr2);
        yield return ("r", e.R);
        yield return ("mt2", e.Mt2);
        yield return ("s_r", e.SR);
        yield return ("m_delta_r", e.MDeltaR);
        yield return ("dphi_r_b", e.DphiRB);
        yield return ("cos_theta_r1", e.CosThetaR1);
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
