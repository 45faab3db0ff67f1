using Streamiz.Kafka.Net.Processors.Public;
using Streamiz.Kafka.Net.State;
using SusyTopology.Events;

namespace SusyTopology.App.Topology;

/// <summary>
/// Maintains the models global store (every instance reads every partition of <c>susy-models</c>) and hands each new
/// snapshot to the instance's <see cref="ModelHolder"/>, which is how scorers hot-swap models without a restart. A model
/// the holder refuses is still stored (the store mirrors the topic) but never served.
/// </summary>
internal sealed class ModelStoreUpdater(ModelHolder holder, TopologyCounters counters)
    : IProcessor<string, ModelSnapshot>
{
    private IKeyValueStore<string, ModelSnapshot> _store = null!;

    public void Init(ProcessorContext<string, ModelSnapshot> context) =>
        _store = (IKeyValueStore<string, ModelSnapshot>)context.GetStateStore(SusyTopologyFactory.ModelsStoreName);

    public void Process(Record<string, ModelSnapshot> record)
    {
        if (record.Value is null) return; // a tombstone cannot withdraw a model that scorers already use
        _store.Put(record.Key, record.Value);
        counters.ModelOffered(holder.Offer(record.Value.Version, record.Value.TrainedRecords, record.Value.Onnx), record.Value.Version);
    }

    public void Close()
    {
    }
}
