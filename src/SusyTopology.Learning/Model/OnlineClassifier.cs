using SusyTopology.Learning.Backends;
using SusyTopology.Learning.Kernels;

namespace SusyTopology.Learning.Model;

/// <summary>
/// A binary classifier that learns online: an <see cref="OnlineStandardizer"/> in front of a network trained by a
/// backend (<see cref="INetworkTrainer"/>: Adam on binary cross-entropy), with optional replay of recently learned
/// rows and predictions from a weight average. The algorithm — mini-batching, replay sampling, the averaging
/// schedule, initialisation and dropout randomness — is this class's, the same for every backend. Deterministic for a
/// fixed <see cref="OnlineClassifierOptions.Seed"/>, and <see cref="SaveState"/>/<see cref="LoadState"/> resume bit-for-bit.
/// </summary>
/// <remarks>Not thread-safe: one instance per partition/thread (it reuses its buffers so batches do not allocate).</remarks>
public sealed class OnlineClassifier : IDisposable
{
    /// <summary>Rows scored per inner pass of <see cref="PredictProba"/>; bounds the scratch memory.</summary>
    private const int InferenceChunk = 256;
    private const string StateMagic = "SUSYMLP1";
    // Version 1 had no backend name: the SIMD MLP wrote it.
    private const int StateVersion = 2;

    private OnlineStandardizer _standardizer;
    private readonly INetworkTrainer _trainer;
    private Xoshiro256StarStar _rng;

    // LearnOne assembles mini-batches here.
    private readonly float[] _pendingFeatures;
    private readonly int[] _pendingLabels;
    private int _pendingCount;

    // Replay ring of the most recently learned raw rows (raw, so replays use the current standardisation).
    private readonly float[] _replayFeatures;
    private readonly int[] _replayLabels;
    private int _replayCount, _replayNext;

    private readonly float[] _standardized;
    private readonly float[] _sampleFeatures;
    private readonly int[] _sampleLabels;
    private readonly float[] _inferenceInput = [];
    private readonly float[] _inferenceLogits = new float[InferenceChunk];

    /// <summary>A new classifier on the SIMD backend.</summary>
    public OnlineClassifier(OnlineClassifierOptions? options = null)
        : this(options ?? new OnlineClassifierOptions(), new SimdBackendFactory())
    {
    }

    public OnlineClassifier(OnlineClassifierOptions options, ILearnerBackendFactory backend)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backend);
        Options = options;
        Options.Validate();
        var f = Options.InputSize;
        _standardizer = new OnlineStandardizer(f);
        _rng = new Xoshiro256StarStar(Options.Seed);
        _trainer = backend.Create(Options, InitialParameters(Options, _rng));
        var batch = Options.BatchSize;
        _pendingFeatures = new float[batch * f];
        _pendingLabels = new int[batch];
        _replayFeatures = new float[Options.ReplayBufferSize * f];
        _replayLabels = new int[Options.ReplayBufferSize];
        _standardized = new float[Math.Max(batch, InferenceChunk) * f];
        _sampleFeatures = new float[batch * f];
        _sampleLabels = new int[batch];
        _inferenceInput = new float[InferenceChunk * f];
        _replaySteps = Options.ReplayStepsPerBatch;
    }

    public OnlineClassifierOptions Options { get; }

    /// <summary>The library that trains the network.</summary>
    public LearnerBackend Backend => _trainer.Backend;

    /// <summary>Rows learned so far: every row passed to <see cref="Learn"/> or (once flushed) <see cref="LearnOne"/>, counted per call — a row seen in two epochs counts twice; replay steps add nothing.</summary>
    public long TrainedRecords { get; private set; }

    /// <summary>Rows given to <see cref="LearnOne"/> that wait for a full mini-batch.</summary>
    public int PendingRecords => _pendingCount;

    /// <summary>Optimiser steps taken (new mini-batches × epochs + replay steps).</summary>
    public long OptimizerSteps => _trainer.Steps;

    /// <summary>
    /// Replay steps taken after each new mini-batch: <see cref="OnlineClassifierOptions.ReplayStepsPerBatch"/> until
    /// a caller changes it — e.g. a streaming learner that skips replay while it catches up with a backlog. It is
    /// not part of <see cref="SaveState"/> (a loaded classifier starts from the options' value): whoever changes it
    /// must record the change to replay training exactly.
    /// </summary>
    public int ReplaySteps
    {
        get => _replaySteps;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            if (value > 0 && Options.ReplayBufferSize == 0)
                throw new ArgumentException("Replay steps need a positive ReplayBufferSize.", nameof(value));
            _replaySteps = value;
        }
    }

    private int _replaySteps;

    /// <summary>Mean training loss of the most recent optimiser step (NaN before the first).</summary>
    public double LastLoss { get; private set; } = double.NaN;

    public OnlineStandardizer Standardizer => _standardizer;
    /// <summary>The network's state (parameters, weight average, Adam moments and steps), copied out.</summary>
    public NetworkState NetworkState() => _trainer.ExportState();

    /// <summary>
    /// Buffers one labelled row; when <see cref="OnlineClassifierOptions.BatchSize"/> rows are waiting they are
    /// learned as one mini-batch. Returns true when that happened.
    /// </summary>
    public bool LearnOne(ReadOnlySpan<float> features, int label)
    {
        var f = Options.InputSize;
        CheckRow(features);
        CheckLabel(label);
        features.CopyTo(_pendingFeatures.AsSpan(_pendingCount * f, f));
        _pendingLabels[_pendingCount++] = label;
        if (_pendingCount < Options.BatchSize) return false;
        FlushPending();
        return true;
    }

    /// <summary>Learns whatever <see cref="LearnOne"/> has buffered as one (possibly short) mini-batch.</summary>
    public void FlushPending()
    {
        if (_pendingCount == 0) return;
        var rows = _pendingCount;
        _pendingCount = 0;
        LearnMiniBatch(_pendingFeatures.AsSpan(0, rows * Options.InputSize), _pendingLabels.AsSpan(0, rows), rows);
    }

    /// <summary>
    /// Learns a row-major batch now, as consecutive mini-batches of at most <see cref="OnlineClassifierOptions.BatchSize"/>
    /// rows (independently of rows buffered by <see cref="LearnOne"/>).
    /// </summary>
    public void Learn(ReadOnlySpan<float> batchRowMajor, ReadOnlySpan<int> labels)
    {
        var f = Options.InputSize;
        if (batchRowMajor.Length != labels.Length * f)
            throw new ArgumentException($"{labels.Length} labels need {labels.Length * f} feature values, got {batchRowMajor.Length}.");
        foreach (var label in labels) CheckLabel(label);
        for (var start = 0; start < labels.Length; start += Options.BatchSize)
        {
            var rows = Math.Min(Options.BatchSize, labels.Length - start);
            LearnMiniBatch(batchRowMajor.Slice(start * f, rows * f), labels.Slice(start, rows), rows);
        }
    }

    /// <summary>P(label = 1) for one row.</summary>
    public float PredictProbaOne(ReadOnlySpan<float> features)
    {
        CheckRow(features);
        Span<float> p = stackalloc float[1];
        PredictProba(features, p);
        return p[0];
    }

    /// <summary>P(label = 1) for each row of a row-major batch; <paramref name="probs"/> needs one slot per row.</summary>
    public void PredictProba(ReadOnlySpan<float> batch, Span<float> probs)
    {
        var f = Options.InputSize;
        if (batch.Length % f != 0) throw new ArgumentException($"Batch length {batch.Length} is not a multiple of {f} features.", nameof(batch));
        var rows = batch.Length / f;
        if (probs.Length < rows) throw new ArgumentException($"probs has {probs.Length} slots for {rows} rows.", nameof(probs));
        for (var start = 0; start < rows; start += InferenceChunk)
        {
            var n = Math.Min(InferenceChunk, rows - start);
            _standardizer.Transform(batch.Slice(start * f, n * f), _inferenceInput, n);
            _trainer.PredictLogits(_inferenceInput, n, _inferenceLogits);
            System.Numerics.Tensors.TensorPrimitives.Sigmoid(_inferenceLogits.AsSpan(0, n), probs.Slice(start, n));
        }
    }

    /// <summary>A frozen copy of the current standardisation and prediction weights (W in <c>[out, in]</c> layout).</summary>
    public ModelSnapshot Snapshot()
    {
        var layout = _trainer.Layout;
        var parameters = new float[layout.ParameterCount];
        _trainer.CopyPredictionParameters(parameters);
        var layers = new List<DenseLayerSnapshot>();
        for (var l = 0; l < layout.LayerCount; l++)
        {
            int fanIn = layout.FanIn(l), fanOut = layout.FanOut(l);
            var w = new float[fanIn * fanOut];
            Sgemm.Transpose(parameters.AsSpan(layout.WeightOffset(l), fanIn * fanOut), w, fanIn, fanOut);
            layers.Add(new DenseLayerSnapshot(fanIn, fanOut, w, parameters.AsSpan(layout.BiasOffset(l), fanOut).ToArray()));
        }
        return new ModelSnapshot(_standardizer.Mean.ToArray(), _standardizer.Scale.ToArray(), layers, TrainedRecords);
    }

    /// <summary>He-normal weights (σ = scale·√(2/fan_in)) drawn layer by layer in <see cref="NetworkLayout"/> order, zero biases.</summary>
    private static float[] InitialParameters(OnlineClassifierOptions options, Xoshiro256StarStar rng)
    {
        var layout = new NetworkLayout(options.LayerWidths());
        var parameters = new float[layout.ParameterCount];
        for (var l = 0; l < layout.LayerCount; l++)
        {
            var sigma = options.InitialWeightScale * Math.Sqrt(2.0 / layout.FanIn(l));
            var w = parameters.AsSpan(layout.WeightOffset(l), layout.FanIn(l) * layout.FanOut(l));
            for (var i = 0; i < w.Length; i++) w[i] = (float)(rng.NextGaussian() * sigma);
        }
        return parameters;
    }

    private void LearnMiniBatch(ReadOnlySpan<float> features, ReadOnlySpan<int> labels, int rows)
    {
        var f = Options.InputSize;
        _standardizer.Update(features, rows);
        _standardizer.Transform(features, _standardized, rows);
        for (var e = 0; e < Options.EpochsPerBatch; e++) Step(_standardized, labels, rows);
        Remember(features, labels, rows);
        TrainedRecords += rows;
        for (var s = 0; s < _replaySteps; s++)
        {
            var sample = Options.BatchSize;
            for (var i = 0; i < sample; i++)
            {
                var pick = _rng.NextInt(_replayCount);
                _replayFeatures.AsSpan(pick * f, f).CopyTo(_sampleFeatures.AsSpan(i * f, f));
                _sampleLabels[i] = _replayLabels[pick];
            }
            _standardizer.Transform(_sampleFeatures, _standardized, sample);
            Step(_standardized, _sampleLabels, sample);
        }
    }

    private void Step(ReadOnlySpan<float> standardized, ReadOnlySpan<int> labels, int rows)
    {
        LastLoss = _trainer.Step(standardized, labels, rows, _rng);
        if (Options.WeightAveragingDecay > 0f)
        {
            var t = _trainer.Steps;
            // Until 1/(1 − decay) steps have passed this is the plain mean of all weights so far (no bias towards the initialisation).
            _trainer.Average(Math.Min(Options.WeightAveragingDecay, (t - 1f) / t));
        }
    }

    private void Remember(ReadOnlySpan<float> features, ReadOnlySpan<int> labels, int rows)
    {
        var capacity = Options.ReplayBufferSize;
        if (capacity == 0) return;
        var f = Options.InputSize;
        for (var r = 0; r < rows; r++)
        {
            features.Slice(r * f, f).CopyTo(_replayFeatures.AsSpan(_replayNext * f, f));
            _replayLabels[_replayNext] = labels[r];
            _replayNext = (_replayNext + 1) % capacity;
            _replayCount = Math.Min(_replayCount + 1, capacity);
        }
    }

    private void CheckRow(ReadOnlySpan<float> features)
    {
        if (features.Length != Options.InputSize)
            throw new ArgumentException($"Expected {Options.InputSize} features, got {features.Length}.", nameof(features));
    }

    private static void CheckLabel(int label)
    {
        if (label is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(label), label, "Labels are 0 or 1.");
    }

    /// <summary>
    /// Writes everything needed to continue exactly where this instance is: the backend's name, options,
    /// standardiser, weights, Adam moments and step count, RNG state, pending LearnOne rows and the replay buffer.
    /// </summary>
    public void SaveState(Stream stream)
    {
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(StateMagic);
        w.Write(StateVersion);
        w.Write(LearnerBackends.Name(Backend));
        OptionsSerializer.Write(w, Options);
        _standardizer.Write(w);
        var network = _trainer.ExportState();
        w.Write(TrainedRecords);
        w.Write(network.Steps);
        w.Write(LastLoss);
        Span<ulong> rng = stackalloc ulong[4];
        _rng.GetState(rng);
        foreach (var word in rng) w.Write(word);
        WriteFloats(w, network.Parameters);
        if (network.Averaged is not null) WriteFloats(w, network.Averaged);
        WriteFloats(w, network.FirstMoment);
        WriteFloats(w, network.SecondMoment);
        w.Write(_pendingCount);
        WriteFloats(w, _pendingFeatures.AsSpan(0, _pendingCount * Options.InputSize));
        for (var i = 0; i < _pendingCount; i++) w.Write(_pendingLabels[i]);
        w.Write(_replayCount);
        w.Write(_replayNext);
        WriteFloats(w, _replayFeatures.AsSpan(0, _replayCount * Options.InputSize));
        for (var i = 0; i < _replayCount; i++) w.Write(_replayLabels[i]);
    }

    /// <summary>Restores a SIMD classifier saved by <see cref="SaveState"/>.</summary>
    public static OnlineClassifier LoadState(Stream stream) => LoadState(stream, new SimdBackendFactory());

    /// <summary>
    /// Restores a classifier saved by <see cref="SaveState"/> onto <paramref name="backend"/>, which must be the
    /// backend that wrote it (backends round differently, so only the same one continues bit-identically).
    /// </summary>
    /// <exception cref="LearnerBackendMismatchException">Another backend wrote the state.</exception>
    /// <exception cref="InvalidDataException">The stream is not a (complete) classifier state.</exception>
    public static OnlineClassifier LoadState(Stream stream, ILearnerBackendFactory backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        try
        {
            return ReadState(stream, backend);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("OnlineClassifier state is truncated (or not a state at all).", e);
        }
    }

    private static OnlineClassifier ReadState(Stream stream, ILearnerBackendFactory backend)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var magic = r.ReadString();
        if (magic != StateMagic) throw new InvalidDataException($"Not an OnlineClassifier state (magic '{magic}').");
        var version = r.ReadInt32();
        if (version is not (1 or StateVersion)) throw new InvalidDataException($"Unsupported OnlineClassifier state version {version}.");
        var writtenBy = version == 1 ? LearnerBackend.Simd : LearnerBackends.Parse(r.ReadString());
        if (writtenBy != backend.Backend) throw new LearnerBackendMismatchException(writtenBy, backend.Backend);
        var options = OptionsSerializer.Read(r);
        var standardizer = OnlineStandardizer.Read(r);
        if (standardizer.Features != options.InputSize) throw new InvalidDataException("Standardiser width does not match the options.");
        var trainedRecords = r.ReadInt64();
        var steps = r.ReadInt64();
        var lastLoss = r.ReadDouble();
        Span<ulong> rng = stackalloc ulong[4];
        for (var i = 0; i < 4; i++) rng[i] = r.ReadUInt64();
        var n = new NetworkLayout(options.LayerWidths()).ParameterCount;
        var parameters = ReadFloats(r, n);
        var averaged = options.WeightAveragingDecay > 0f ? ReadFloats(r, n) : null;
        var network = new NetworkState(steps, parameters, averaged, ReadFloats(r, n), ReadFloats(r, n));
        var model = new OnlineClassifier(options, backend);
        try
        {
            model._trainer.ImportState(network);
            model._standardizer = standardizer;
            model.TrainedRecords = trainedRecords;
            model.LastLoss = lastLoss;
            model._rng = Xoshiro256StarStar.FromState(rng);
            var f = options.InputSize;
            model._pendingCount = ReadCount(r, options.BatchSize);
            ReadFloats(r, model._pendingFeatures.AsSpan(0, model._pendingCount * f));
            for (var i = 0; i < model._pendingCount; i++) model._pendingLabels[i] = r.ReadInt32();
            model._replayCount = ReadCount(r, options.ReplayBufferSize);
            model._replayNext = ReadCount(r, Math.Max(0, options.ReplayBufferSize - 1));
            ReadFloats(r, model._replayFeatures.AsSpan(0, model._replayCount * f));
            for (var i = 0; i < model._replayCount; i++) model._replayLabels[i] = r.ReadInt32();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Releases the backend's native memory (TorchSharp tensors); the SIMD backend holds none.</summary>
    public void Dispose() => _trainer.Dispose();

    private static int ReadCount(BinaryReader r, int max)
    {
        var n = r.ReadInt32();
        return n >= 0 && n <= max ? n : throw new InvalidDataException($"Corrupt state: count {n} outside [0, {max}].");
    }

    private static void WriteFloats(BinaryWriter w, ReadOnlySpan<float> values)
    {
        w.Write(values.Length);
        w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }

    private static float[] ReadFloats(BinaryReader r, int count)
    {
        var values = new float[count];
        ReadFloats(r, values);
        return values;
    }

    private static void ReadFloats(BinaryReader r, Span<float> destination)
    {
        var n = r.ReadInt32();
        if (n != destination.Length) throw new InvalidDataException($"Corrupt state: {n} floats where {destination.Length} were expected.");
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination);
        r.BaseStream.ReadExactly(bytes);
    }
}
