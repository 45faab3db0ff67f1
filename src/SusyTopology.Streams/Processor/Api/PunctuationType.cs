namespace SusyTopology.Streams.Processor.Api;

public enum PunctuationType
{
    /// <summary>Driven by record timestamps: fires only while data flows, deterministic on replay.</summary>
    StreamTime,

    /// <summary>Driven by the injected clock: fires even when no data arrives.</summary>
    WallClockTime,
}
