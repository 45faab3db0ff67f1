namespace SusyTopology.Scoring;

/// <summary>What the model's score output holds: probabilities (the default), or logits turned into P(signal) by a sigmoid.</summary>
public enum OutputMeaning
{
    Probability,
    Logit,
}
