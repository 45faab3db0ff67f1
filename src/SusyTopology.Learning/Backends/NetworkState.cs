namespace SusyTopology.Learning.Backends;

/// <summary>
/// A trainer's resumable state in <see cref="NetworkLayout"/> order: parameters, their running average (null without
/// averaging), Adam's first and second moments and the step count.
/// </summary>
public sealed record NetworkState(long Steps, float[] Parameters, float[]? Averaged, float[] FirstMoment, float[] SecondMoment);
