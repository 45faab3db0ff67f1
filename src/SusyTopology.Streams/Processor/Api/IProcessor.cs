namespace SusyTopology.Streams.Processor.Api;

/// <summary>A record-at-a-time processor, as Kafka Streams' Processor&lt;KIn, VIn, KOut, VOut&gt;.</summary>
public interface IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>
{
    /// <summary>Called once before the first record; keep the context to forward, schedule and reach stores.</summary>
    void Init(IProcessorContext<TKeyOut, TValueOut> context) { }

    void Process(Record<TKeyIn, TValueIn> record);

    /// <summary>Called when the task closes; stores are closed by the engine, not here.</summary>
    void Close() { }
}
