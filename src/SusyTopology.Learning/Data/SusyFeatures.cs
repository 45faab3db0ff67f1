namespace SusyTopology.Learning.Data;

/// <summary>The UCI SUSY column layout (Baldi, Sadowski &amp; Whiteson 2014): the label, then these 18 features.</summary>
public static class SusyFeatures
{
    public const int Count = 18;

    /// <summary>Feature names in file order; the first eight are low-level kinematics, the rest derived high-level features.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "lepton_1_pT", "lepton_1_eta", "lepton_1_phi", "lepton_2_pT", "lepton_2_eta", "lepton_2_phi",
        "missing_energy_magnitude", "missing_energy_phi", "MET_rel", "axial_MET", "M_R", "M_TR_2", "R", "MT2",
        "S_R", "M_Delta_R", "dPhi_r_b", "cos(theta_r1)",
    ];
}
