using Microsoft.ML.OnnxRuntime;

namespace SusyTopology.Scoring;

/// <summary>
/// One model version on ONNX Runtime: one <see cref="InferenceSession"/> shared by every scorer of the process, each
/// scorer with its own <see cref="BatchScorer"/> (bindings and buffers). The native session lives until the owner has
/// disposed this object and every scorer created from it is disposed too, so replacing a version while a batch is
/// being scored on it is safe: the session goes when its last batch is done.
/// </summary>
public sealed class ScoringModel : IDisposable
{
    private readonly InferenceSession _session;
    private int _references = 1; // the owner's, plus one per live scorer
    private int _ownerReleased;

    private ScoringModel(InferenceSession session, ModelContract contract)
    {
        _session = session;
        Contract = contract;
        var metadata = session.ModelMetadata;
        Metadata = new Dictionary<string, string>(metadata.CustomMetadataMap);
        ProducerName = metadata.ProducerName;
    }

    public ModelContract Contract { get; }

    /// <summary>The model's <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public string ProducerName { get; }

    /// <summary>True once the native session is released (the owner and every scorer let go).</summary>
    public bool IsReleased => Volatile.Read(ref _references) == 0;

    /// <summary>
    /// Loads and validates a model: the contract is detected from its declared inputs and outputs, then checked by
    /// scoring a probe batch (shape of the actual output, probabilities in [0, 1]).
    /// </summary>
    /// <exception cref="ScoringModelException">The bytes are not a model ONNX Runtime loads, or it breaks the contract.</exception>
    public static ScoringModel Load(byte[] onnx, ScoringModelOptions? options = null)
    {
        options ??= new ScoringModelOptions();
        InferenceSession session;
        try
        {
            using var sessionOptions = ScoringSessionOptions.Create();
            session = new InferenceSession(onnx, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ScoringModelException($"ONNX Runtime cannot load the model: {e.Message}", e);
        }
        try
        {
            var contract = ModelContractDetector.Detect(session, options);
            return new ScoringModel(session, ProbeContract.Check(session, contract));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public static ScoringModel Load(string path, ScoringModelOptions? options = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScoringModelException($"Cannot read the model file {path}: {e.Message}", e);
        }
        return Load(bytes, options);
    }

    /// <summary>A scorer of this version for one thread; it keeps the session alive until it is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The version is already released.</exception>
    public BatchScorer CreateScorer(int maxBatch) =>
        TryCreateScorer(maxBatch) ?? throw new ObjectDisposedException(nameof(ScoringModel), "This model version is already released.");

    /// <summary>A scorer, or null when the version was released meanwhile (its owner replaced it: take the newer one).</summary>
    public BatchScorer? TryCreateScorer(int maxBatch)
    {
        if (!TryRetain()) return null;
        try
        {
            return new BatchScorer(this, _session, maxBatch);
        }
        catch
        {
            Release();
            throw;
        }
    }

    /// <summary>Scores rows with a scorer made for the call (tools and tests; a hot path keeps its scorer).</summary>
    public void Score(ReadOnlySpan<float> features, Span<float> probabilities, int maxBatch = 256)
    {
        using var scorer = CreateScorer(maxBatch);
        scorer.Score(features, probabilities);
    }

    /// <summary>Releases the owner's reference; the session goes with the last scorer.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ownerReleased, 1) == 0) Release();
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0) _session.Dispose();
    }

    private bool TryRetain()
    {
        if (Volatile.Read(ref _ownerReleased) == 1) return false;
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0) return false;
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current) return true;
        }
    }
}
