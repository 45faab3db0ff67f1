using SusyTopology.Learning.Onnx;

namespace SusyTopology.App.Topology;

/// <summary>
/// The newest published model, shared between the global-store updater and the scorers of one app instance. The
/// global store keeps the model durable (and rebuilds on restart); this holder saves each scorer from deserialising a
/// multi-hundred-kilobyte snapshot from the store on every event, and parses each version once for the whole
/// instance: scorers take their own <see cref="OnnxModel.NewEvaluator"/> (scratch buffers only), since an evaluator
/// is not shared across threads.
/// </summary>
public sealed class ModelHolder
{
    private volatile PublishedModel? _current;

    public PublishedModel? Current => _current;

    /// <summary>Takes a newer model; an older or equal version (a replayed or reordered snapshot) is ignored.</summary>
    public bool Offer(PublishedModel model)
    {
        while (true)
        {
            var current = _current;
            if (current != null && current.Version >= model.Version) return false;
            if (Interlocked.CompareExchange(ref _current, model, current) == current) return true;
        }
    }
}

/// <summary>A model as published on the models topic, compiled on first use (once, whichever scorer asks first).</summary>
public sealed class PublishedModel(long version, long trainedRecords, byte[] onnx)
{
    private readonly Lazy<OnnxModel> _compiled = new(() => OnnxModel.Load(onnx), LazyThreadSafetyMode.ExecutionAndPublication);

    public long Version { get; } = version;
    public long TrainedRecords { get; } = trainedRecords;
    public byte[] Onnx { get; } = onnx;
    public OnnxModel Compiled => _compiled.Value;
}
