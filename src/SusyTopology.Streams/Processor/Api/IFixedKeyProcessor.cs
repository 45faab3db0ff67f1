namespace SusyTopology.Streams.Processor.Api;

/// <summary>A processor that may change values but never keys (used by ProcessValues).</summary>
public interface IFixedKeyProcessor<TKey, TValueIn, TValueOut>
{
    void Init(IFixedKeyProcessorContext<TKey, TValueOut> context) { }

    void Process(FixedKeyRecord<TKey, TValueIn> record);

    void Close() { }
}
