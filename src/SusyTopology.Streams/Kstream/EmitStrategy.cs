namespace SusyTopology.Streams.Kstream;

/// <summary>When a windowed aggregation emits results (Kafka Streams' EmitStrategy, KIP-825).</summary>
public sealed class EmitStrategy
{
    private EmitStrategy(bool onWindowClose) => OnClose = onWindowClose;

    internal bool OnClose { get; }

    /// <summary>Every update of a window is emitted at once (the default).</summary>
    public static EmitStrategy OnWindowUpdate() => new(false);

    /// <summary>
    /// Only the final result of each window is emitted, once stream time passes its end plus the grace period
    /// (like suppress-until-window-closes, without the extra buffer).
    /// </summary>
    public static EmitStrategy OnWindowClose() => new(true);

    public override string ToString() => OnClose ? "OnWindowClose" : "OnWindowUpdate";
}
