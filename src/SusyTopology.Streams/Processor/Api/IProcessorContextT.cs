namespace SusyTopology.Streams.Processor.Api;

/// <summary>The context of a processor that emits records of type (TKeyOut, TValueOut).</summary>
public interface IProcessorContext<TKeyOut, TValueOut> : IProcessorContext
{
    /// <summary>Sends the record to every child of this processor.</summary>
    void Forward(Record<TKeyOut, TValueOut> record);

    /// <summary>Sends the record to the named child only.</summary>
    void Forward(Record<TKeyOut, TValueOut> record, string childName);
}
