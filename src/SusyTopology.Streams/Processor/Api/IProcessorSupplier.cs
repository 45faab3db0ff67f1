namespace SusyTopology.Streams.Processor.Api;

/// <summary>Creates a fresh processor for every task; processors hold per-task state and must not be shared.</summary>
public delegate IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut> ProcessorSupplier<TKeyIn, TValueIn, TKeyOut, TValueOut>();

/// <summary>Creates a fresh fixed-key processor for every task.</summary>
public delegate IFixedKeyProcessor<TKey, TValueIn, TValueOut> FixedKeyProcessorSupplier<TKey, TValueIn, TValueOut>();
