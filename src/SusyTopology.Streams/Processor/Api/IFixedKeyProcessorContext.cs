namespace SusyTopology.Streams.Processor.Api;

/// <summary>The context of a <see cref="IFixedKeyProcessor{TKey,TValueIn,TValueOut}"/>.</summary>
public interface IFixedKeyProcessorContext<TKey, TValueOut> : IProcessorContext
{
    void Forward(FixedKeyRecord<TKey, TValueOut> record);
    void Forward(FixedKeyRecord<TKey, TValueOut> record, string childName);
}
