using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using Google.Protobuf;
using Onnx;
using SusyTopology.Learning.Kernels;

namespace SusyTopology.Learning.Onnx;

/// <summary>
/// Scores any ONNX model built from <see cref="SupportedOperators"/> on float32 tensors — one input
/// <c>[N, F]</c>, one output <c>[N, 1]</c> — with the same SGEMM and element-wise kernels the trainer uses.
/// Loading compiles the graph into a fixed list of steps over preallocated buffers, so scoring allocates nothing.
/// Anything else (other operators, non-float tensors, broadcasting beyond row vectors and scalars) is refused
/// at load time with <see cref="UnsupportedOnnxOperatorException"/> or <see cref="OnnxModelException"/>.
/// </summary>
/// <remarks>Not thread-safe (shared scratch buffers): give each thread its own instance.</remarks>
public sealed class OnnxModel
{
    public static IReadOnlyList<string> SupportedOperators { get; } = ["Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "Sigmoid", "Identity"];

    /// <summary>Rows evaluated per pass through the graph; bounds the scratch memory.</summary>
    private const int ChunkRows = 256;

    private readonly Step[] _steps;
    private readonly float[][] _buffers;
    private readonly int _inputBuffer, _outputBuffer;

    private OnnxModel(ModelProto proto, Step[] steps, float[][] buffers, int inputBuffer, int outputBuffer, int features, string inputName, string outputName)
    {
        (_steps, _buffers, _inputBuffer, _outputBuffer) = (steps, buffers, inputBuffer, outputBuffer);
        (FeatureCount, InputName, OutputName) = (features, inputName, outputName);
        Metadata = proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        ProducerName = proto.ProducerName;
        IrVersion = proto.IrVersion;
        OpsetVersion = proto.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
    }

    /// <summary>
    /// Another evaluator of the same compiled graph: it shares the parsed weights and metadata and owns only its
    /// scratch buffers, so it is cheap (no parsing, no packing) and may run on another thread than this one.
    /// </summary>
    /// <param name="recycled">An evaluator this one replaces (typically of the previous model version): its scratch
    /// buffers are taken over where they have the sizes this graph needs — a scorer that swaps models every second
    /// would otherwise allocate about a megabyte of large-object scratch per swap. It must not be used at the same
    /// time as the new evaluator afterwards.</param>
    public OnnxModel NewEvaluator(OnnxModel? recycled = null) => new(this, recycled);

    private OnnxModel(OnnxModel compiled, OnnxModel? recycled)
    {
        (_steps, _inputBuffer, _outputBuffer) = (compiled._steps, compiled._inputBuffer, compiled._outputBuffer);
        var reusable = recycled != null && recycled._buffers.Length == compiled._buffers.Length
            && recycled._buffers.Zip(compiled._buffers).All(p => p.First.Length == p.Second.Length);
        // Scratch is written before it is read in every pass, so buffers carried over need no clearing.
        _buffers = reusable ? recycled!._buffers : compiled._buffers.Select(b => new float[b.Length]).ToArray();
        (FeatureCount, InputName, OutputName) = (compiled.FeatureCount, compiled.InputName, compiled.OutputName);
        Metadata = compiled.Metadata;
        ProducerName = compiled.ProducerName;
        IrVersion = compiled.IrVersion;
        OpsetVersion = compiled.OpsetVersion;
    }

    public int FeatureCount { get; }
    public string InputName { get; }
    public string OutputName { get; }
    public string ProducerName { get; }
    public long IrVersion { get; }
    public long OpsetVersion { get; }

    /// <summary>All <c>metadata_props</c> of the model.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Metadata <c>version</c> (null when absent).</summary>
    public string? ModelVersion => Metadata.GetValueOrDefault(OnnxExporter.MetadataKeys.Version);

    /// <summary>Metadata <c>trained_records</c> (null when absent or not a number).</summary>
    public long? TrainedRecords =>
        long.TryParse(Metadata.GetValueOrDefault(OnnxExporter.MetadataKeys.TrainedRecords), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Metadata <c>created_at</c> (null when absent or unparseable).</summary>
    public DateTimeOffset? CreatedAt =>
        DateTimeOffset.TryParse(Metadata.GetValueOrDefault(OnnxExporter.MetadataKeys.CreatedAt), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>Metadata <c>feature_names</c> (a JSON array), or null.</summary>
    public IReadOnlyList<string>? FeatureNames
    {
        get
        {
            var json = Metadata.GetValueOrDefault(OnnxExporter.MetadataKeys.FeatureNames);
            if (json is null) return null;
            try { return JsonSerializer.Deserialize<string[]>(json); }
            catch (JsonException) { return null; }
        }
    }

    /// <summary>Parses and compiles a serialised <c>ModelProto</c>.</summary>
    public static OnnxModel Load(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxModelException("Not a valid ONNX ModelProto: " + e.Message, e);
        }
        return Compile(proto);
    }

    public static OnnxModel Load(string path) => Load(File.ReadAllBytes(path));

    /// <summary>
    /// Scores <paramref name="rows"/> rows of the row-major <paramref name="batch"/> (<c>rows × FeatureCount</c>)
    /// into <paramref name="probs"/> (the model's single output column).
    /// </summary>
    public void PredictProba(ReadOnlySpan<float> batch, int rows, Span<float> probs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var f = FeatureCount;
        if (batch.Length < rows * f) throw new ArgumentException($"{rows} rows need {rows * f} values, got {batch.Length}.", nameof(batch));
        if (probs.Length < rows) throw new ArgumentException($"probs has {probs.Length} slots for {rows} rows.", nameof(probs));
        for (var start = 0; start < rows; start += ChunkRows)
        {
            var n = Math.Min(ChunkRows, rows - start);
            batch.Slice(start * f, n * f).CopyTo(_buffers[_inputBuffer]);
            for (var s = 0; s < _steps.Length; s++) _steps[s].Run(_buffers, n);
            _buffers[_outputBuffer].AsSpan(0, n).CopyTo(probs.Slice(start, n));
        }
    }

    // ---- compilation ----------------------------------------------------------------------------------------

    /// <summary>A graph value: either a constant tensor (initializer) or a runtime matrix <c>[rows, Columns]</c> in a buffer.</summary>
    private sealed record Value(float[]? Constant, long[] Shape, int Buffer, int Columns)
    {
        public bool IsConstant => Constant is not null;
    }

    private static OnnxModel Compile(ModelProto proto)
    {
        var graph = proto.Graph ?? throw new OnnxModelException("The model has no graph.");
        foreach (var opset in proto.OpsetImport)
            if (opset.Domain is not ("" or "ai.onnx"))
                throw new OnnxModelException($"Operator set domain '{opset.Domain}' is not supported (only the default ONNX domain).");

        var values = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var init in graph.Initializer)
        {
            var (data, shape) = ReadTensor(init);
            values[init.Name] = new Value(data, shape, -1, 0);
        }
        // Before IR 4 initializers were also listed as inputs; the real input is the one without an initializer.
        var inputs = graph.Input.Where(i => !values.ContainsKey(i.Name)).ToList();
        if (inputs.Count != 1) throw new OnnxModelException($"The scorer needs exactly one graph input, the model has {inputs.Count}.");
        var input = inputs[0];
        var features = CheckMatrixType(input, "input");
        var columnsPerBuffer = new List<int>();
        int NewBuffer(int columns)
        {
            columnsPerBuffer.Add(columns);
            return columnsPerBuffer.Count - 1;
        }
        var inputBuffer = NewBuffer(features);
        values[input.Name] = new Value(null, [-1, features], inputBuffer, features);

        var steps = new List<Step>();
        foreach (var node in graph.Node)
        {
            var name = string.IsNullOrEmpty(node.Name) ? string.Join(",", node.Output) : node.Name;
            if (node.Domain is not ("" or "ai.onnx"))
                throw new UnsupportedOnnxOperatorException(node.OpType, name, $"domain '{node.Domain}'");
            Value Input(int i) =>
                i < node.Input.Count && values.TryGetValue(node.Input[i], out var v) ? v
                : throw new OnnxModelException($"Node '{name}' ({node.OpType}) reads '{(i < node.Input.Count ? node.Input[i] : "?")}', which no earlier node or initializer defines.");
            if (node.Output.Count != 1) throw new UnsupportedOnnxOperatorException(node.OpType, name, $"{node.Output.Count} outputs (one expected)");
            var output = node.Output[0];
            Value Runtime(Value v, string role) =>
                v.IsConstant ? throw new UnsupportedOnnxOperatorException(node.OpType, name, $"constant {role} (only the data path may flow through this operator)") : v;

            switch (node.OpType)
            {
                case "Identity":
                    Expect(node, name, 1);
                    values[output] = Input(0);
                    break;
                case "Relu" or "Sigmoid":
                    {
                        Expect(node, name, 1);
                        var x = Runtime(Input(0), "input");
                        var y = NewBuffer(x.Columns);
                        steps.Add(new UnaryStep(node.OpType == "Relu", x.Buffer, y, x.Columns));
                        values[output] = new Value(null, [-1, x.Columns], y, x.Columns);
                        break;
                    }
                case "Add" or "Sub" or "Mul" or "Div":
                    {
                        Expect(node, name, 2);
                        var (a, b) = (Input(0), Input(1));
                        if (a.IsConstant && b.IsConstant) throw new UnsupportedOnnxOperatorException(node.OpType, name, "both operands constant");
                        var columns = a.IsConstant ? b.Columns : a.Columns;
                        if (!a.IsConstant && !b.IsConstant && a.Columns != b.Columns)
                            throw new UnsupportedOnnxOperatorException(node.OpType, name, $"operand widths {a.Columns} and {b.Columns} differ");
                        float[]? constant = null;
                        if (a.IsConstant || b.IsConstant)
                            constant = BroadcastRow(a.IsConstant ? a : b, columns, node.OpType, name);
                        var y = NewBuffer(columns);
                        steps.Add(new BinaryStep(node.OpType, a.IsConstant ? -1 : a.Buffer, b.IsConstant ? -1 : b.Buffer, constant, y, columns));
                        values[output] = new Value(null, [-1, columns], y, columns);
                        break;
                    }
                case "MatMul":
                    {
                        Expect(node, name, 2);
                        var a = Runtime(Input(0), "A");
                        var b = Input(1);
                        if (!b.IsConstant || b.Shape.Length != 2 || b.Shape[0] != a.Columns)
                            throw new UnsupportedOnnxOperatorException(node.OpType, name, $"B must be a constant [{a.Columns}, N] matrix");
                        var n = (int)b.Shape[1];
                        var y = NewBuffer(n);
                        steps.Add(new GemmStep(a.Buffer, b.Constant!, null, y, a.Columns, n));
                        values[output] = new Value(null, [-1, n], y, n);
                        break;
                    }
                case "Gemm":
                    {
                        if (node.Input.Count is < 2 or > 3) throw new UnsupportedOnnxOperatorException(node.OpType, name, $"{node.Input.Count} inputs");
                        var a = Runtime(Input(0), "A");
                        var b = Input(1);
                        float alpha = 1f, beta = 1f;
                        long transA = 0, transB = 0;
                        foreach (var attr in node.Attribute)
                        {
                            switch (attr.Name)
                            {
                                case "alpha": alpha = attr.F; break;
                                case "beta": beta = attr.F; break;
                                case "transA": transA = attr.I; break;
                                case "transB": transB = attr.I; break;
                                default: throw new UnsupportedOnnxOperatorException(node.OpType, name, $"attribute '{attr.Name}'");
                            }
                        }
                        if (transA != 0) throw new UnsupportedOnnxOperatorException(node.OpType, name, "transA = 1 (the data path must be A [N, K])");
                        if (!b.IsConstant || b.Shape.Length != 2)
                            throw new UnsupportedOnnxOperatorException(node.OpType, name, "B must be a constant matrix");
                        int k = (int)(transB != 0 ? b.Shape[1] : b.Shape[0]), n = (int)(transB != 0 ? b.Shape[0] : b.Shape[1]);
                        if (k != a.Columns) throw new OnnxModelException($"Gemm '{name}': A has {a.Columns} columns but B has {k} rows.");
                        // Pre-pack B once as alpha·B in [K, N] so evaluation is a plain NN product.
                        var packed = new float[k * n];
                        if (transB != 0) Sgemm.Transpose(b.Constant!, packed, n, k);
                        else b.Constant!.CopyTo(packed, 0);
                        if (alpha != 1f) TensorPrimitives.Multiply(packed, alpha, packed);
                        float[]? bias = null;
                        if (node.Input.Count == 3 && !string.IsNullOrEmpty(node.Input[2]))
                        {
                            var c = Input(2);
                            if (!c.IsConstant) throw new UnsupportedOnnxOperatorException(node.OpType, name, "C must be a constant");
                            bias = BroadcastRow(c, n, node.OpType, name);
                            if (beta != 1f) TensorPrimitives.Multiply(bias, beta, bias);
                        }
                        var y = NewBuffer(n);
                        steps.Add(new GemmStep(a.Buffer, packed, bias, y, k, n));
                        values[output] = new Value(null, [-1, n], y, n);
                        break;
                    }
                default:
                    throw new UnsupportedOnnxOperatorException(node.OpType, name, "not implemented");
            }
        }

        if (graph.Output.Count != 1) throw new OnnxModelException($"The scorer needs exactly one graph output, the model has {graph.Output.Count}.");
        var outputInfo = graph.Output[0];
        if (!values.TryGetValue(outputInfo.Name, out var result)) throw new OnnxModelException($"Graph output '{outputInfo.Name}' is never computed.");
        if (result.IsConstant || result.Columns != 1)
            throw new OnnxModelException($"Graph output '{outputInfo.Name}' must be a runtime [N, 1] probability column, is [N, {result.Columns}].");
        var outputBuffer = result.Buffer;
        var buffers = columnsPerBuffer.Select(c => new float[ChunkRows * c]).ToArray();
        return new OnnxModel(proto, [.. steps], buffers, inputBuffer, outputBuffer, features, input.Name, outputInfo.Name);
    }

    private static void Expect(NodeProto node, string name, int inputs)
    {
        if (node.Input.Count != inputs) throw new UnsupportedOnnxOperatorException(node.OpType, name, $"{node.Input.Count} inputs ({inputs} expected)");
        if (node.Attribute.Count > 0) throw new UnsupportedOnnxOperatorException(node.OpType, name, $"attribute '{node.Attribute[0].Name}'");
    }

    /// <summary>A constant operand as a row of <paramref name="columns"/> values: scalar, [C] or [1, C] broadcast along the batch.</summary>
    private static float[] BroadcastRow(Value constant, int columns, string op, string name)
    {
        var data = constant.Constant!;
        var shape = constant.Shape;
        if (data.Length == 1) return Enumerable.Repeat(data[0], columns).ToArray();
        var isRow = (shape.Length == 1 && shape[0] == columns) || (shape.Length == 2 && shape[0] == 1 && shape[1] == columns);
        if (!isRow)
            throw new UnsupportedOnnxOperatorException(op, name, $"constant of shape [{string.Join(", ", shape)}] cannot broadcast as a row of {columns} (scalar, [{columns}] or [1, {columns}] only)");
        return (float[])data.Clone();
    }

    private static int CheckMatrixType(ValueInfoProto info, string role)
    {
        var tensor = info.Type?.TensorType ?? throw new OnnxModelException($"Graph {role} '{info.Name}' is not a tensor.");
        if (tensor.ElemType != (int)TensorProto.Types.DataType.Float)
            throw new OnnxModelException($"Graph {role} '{info.Name}' has element type {(TensorProto.Types.DataType)tensor.ElemType}; only float32 is supported.");
        var dims = tensor.Shape?.Dim ?? throw new OnnxModelException($"Graph {role} '{info.Name}' has no shape.");
        if (dims.Count != 2 || !dims[1].HasDimValue || dims[1].DimValue <= 0)
            throw new OnnxModelException($"Graph {role} '{info.Name}' must be [N, F] with a fixed F.");
        return (int)dims[1].DimValue;
    }

    private static (float[] Data, long[] Shape) ReadTensor(TensorProto t)
    {
        if (t.DataType != (int)TensorProto.Types.DataType.Float)
            throw new OnnxModelException($"Initializer '{t.Name}' has type {(TensorProto.Types.DataType)t.DataType}; only float32 is supported.");
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new OnnxModelException($"Initializer '{t.Name}' uses external data, which the scorer does not read.");
        var shape = t.Dims.ToArray();
        var count = shape.Aggregate(1L, (a, d) => a * d);
        float[] data;
        if (t.HasRawData)
        {
            if (t.RawData.Length != count * sizeof(float))
                throw new OnnxModelException($"Initializer '{t.Name}' holds {t.RawData.Length} bytes for {count} floats.");
            data = MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray();
        }
        else
        {
            if (t.FloatData.Count != count) throw new OnnxModelException($"Initializer '{t.Name}' holds {t.FloatData.Count} floats, its shape needs {count}.");
            data = [.. t.FloatData];
        }
        return (data, shape);
    }

    // ---- evaluation steps -----------------------------------------------------------------------------------

    private abstract class Step
    {
        public abstract void Run(float[][] buffers, int rows);
    }

    private sealed class GemmStep(int input, float[] packedB, float[]? bias, int output, int k, int n) : Step
    {
        public override void Run(float[][] buffers, int rows)
        {
            var y = buffers[output].AsSpan(0, rows * n);
            Sgemm.Multiply(buffers[input], packedB, y, rows, k, n);
            if (bias is not null) LayerKernels.AddBias(y, bias, rows);
        }
    }

    private sealed class UnaryStep(bool relu, int input, int output, int columns) : Step
    {
        public override void Run(float[][] buffers, int rows)
        {
            var x = buffers[input].AsSpan(0, rows * columns);
            var y = buffers[output].AsSpan(0, rows * columns);
            if (relu) TensorPrimitives.Max(x, 0f, y);
            else TensorPrimitives.Sigmoid(x, y);
        }
    }

    /// <summary>Element-wise binary operator; a constant operand is a broadcast row (index −1 marks it).</summary>
    private sealed class BinaryStep(string op, int left, int right, float[]? constantRow, int output, int columns) : Step
    {
        public override void Run(float[][] buffers, int rows)
        {
            for (var r = 0; r < rows; r++)
            {
                var row = new Range(r * columns, (r + 1) * columns);
                ReadOnlySpan<float> a = left >= 0 ? buffers[left].AsSpan(row) : constantRow;
                ReadOnlySpan<float> b = right >= 0 ? buffers[right].AsSpan(row) : constantRow;
                var y = buffers[output].AsSpan(row);
                switch (op)
                {
                    case "Add": TensorPrimitives.Add(a, b, y); break;
                    case "Sub": TensorPrimitives.Subtract(a, b, y); break;
                    case "Mul": TensorPrimitives.Multiply(a, b, y); break;
                    default: TensorPrimitives.Divide(a, b, y); break;
                }
            }
        }
    }
}
