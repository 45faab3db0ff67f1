using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Google.Protobuf;
using Onnx;
using SusyTopology.Learning.Data;
using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Onnx;

/// <summary>
/// Writes a <see cref="ModelSnapshot"/> as an ONNX <c>ModelProto</c> (IR version 8, opset 13) that ONNX Runtime
/// in any language can load: input <c>features</c> float32 <c>[N, F]</c> with a symbolic batch dimension,
/// <c>Sub</c>/<c>Div</c> standardisation, one <c>Gemm</c> (<c>transB = 1</c>) per layer with <c>Relu</c> between,
/// and <c>Sigmoid</c> to the output <c>probability</c> <c>[N, 1]</c>. The graph takes raw feature values.
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "features";
    public const string OutputName = "probability";
    /// <summary>IR version 8 (ONNX 1.10+) — the newest the Debian onnx 1.12 checker and every current runtime accept.</summary>
    public const long IrVersion = 8;
    public const long OpsetVersion = 13;
    public const string ProducerName = "SusyTopology.Learning";

    public static class MetadataKeys
    {
        public const string Version = "version";
        public const string TrainedRecords = "trained_records";
        public const string CreatedAt = "created_at";
        public const string FeatureNames = "feature_names";
    }

    /// <summary>Exports the classifier's current state.</summary>
    public static byte[] Export(OnlineClassifier classifier, OnnxExportOptions? options = null) => Export(classifier.Snapshot(), options);

    public static byte[] Export(ModelSnapshot snapshot, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        options ??= new OnnxExportOptions();
        var features = snapshot.InputSize;
        var names = options.FeatureNames ?? (features == SusyFeatures.Count ? SusyFeatures.Names : [.. Enumerable.Range(0, features).Select(i => $"f{i}")]);
        if (names.Count != features) throw new ArgumentException($"{names.Count} feature names for {features} features.", nameof(options));
        Validate(snapshot);

        var graph = new GraphProto { Name = "susy_mlp", DocString = "Standardise (Sub, Div), dense ReLU layers (Gemm, Relu), sigmoid." };
        graph.Input.Add(Tensor2D(InputName, features));
        graph.Output.Add(Tensor2D(OutputName, 1));
        graph.Initializer.Add(FloatTensor("standardizer.mean", snapshot.Mean, features));
        graph.Initializer.Add(FloatTensor("standardizer.scale", snapshot.Scale, features));
        graph.Node.Add(Node("Sub", "standardize_center", [InputName, "standardizer.mean"], "centered"));
        graph.Node.Add(Node("Div", "standardize_scale", ["centered", "standardizer.scale"], "standardized"));
        var current = "standardized";
        for (var l = 0; l < snapshot.Layers.Count; l++)
        {
            var layer = snapshot.Layers[l];
            var last = l == snapshot.Layers.Count - 1;
            graph.Initializer.Add(FloatTensor($"dense{l}.weight", layer.Weights, layer.OutputSize, layer.InputSize));
            graph.Initializer.Add(FloatTensor($"dense{l}.bias", layer.Bias, layer.OutputSize));
            var gemm = Node("Gemm", $"dense{l}", [current, $"dense{l}.weight", $"dense{l}.bias"], last ? "logit" : $"dense{l}.linear");
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(gemm);
            if (!last)
            {
                graph.Node.Add(Node("Relu", $"relu{l}", [$"dense{l}.linear"], $"dense{l}.relu"));
                current = $"dense{l}.relu";
            }
        }
        graph.Node.Add(Node("Sigmoid", "sigmoid", ["logit"], OutputName));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            Domain = "org.susytopology",
            DocString = "SUSY signal/background classifier: P(signal) from the 18 raw UCI SUSY features.",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        var createdAt = (options.CreatedAt ?? DateTimeOffset.UtcNow).ToUniversalTime();
        AddMetadata(model, MetadataKeys.Version, options.ModelVersion);
        AddMetadata(model, MetadataKeys.TrainedRecords, snapshot.TrainedRecords.ToString(CultureInfo.InvariantCulture));
        AddMetadata(model, MetadataKeys.CreatedAt, createdAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        AddMetadata(model, MetadataKeys.FeatureNames, JsonSerializer.Serialize(names));
        if (options.ExtraMetadata is not null)
            foreach (var (key, value) in options.ExtraMetadata) AddMetadata(model, key, value);
        return model.ToByteArray();
    }

    private static void Validate(ModelSnapshot s)
    {
        if (s.Scale.Length != s.Mean.Length) throw new ArgumentException("Mean and scale widths differ.");
        if (s.Layers.Count == 0) throw new ArgumentException("A snapshot needs at least one layer.");
        var width = s.InputSize;
        foreach (var layer in s.Layers)
        {
            if (layer.InputSize != width) throw new ArgumentException($"Layer input {layer.InputSize} does not follow width {width}.");
            if (layer.Weights.Length != layer.InputSize * layer.OutputSize || layer.Bias.Length != layer.OutputSize)
                throw new ArgumentException("Layer weight or bias size does not match its shape.");
            width = layer.OutputSize;
        }
        if (width != 1) throw new ArgumentException($"The last layer must have one output (the logit), has {width}.");
    }

    private static void AddMetadata(ModelProto model, string key, string value)
    {
        if (model.MetadataProps.Any(p => p.Key == key)) throw new ArgumentException($"Metadata key '{key}' given twice.");
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
    }

    private static NodeProto Node(string op, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        // raw_data is little-endian by the ONNX spec; BitConverter guards the (theoretical) big-endian host.
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX export needs a little-endian host.");
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        return tensor;
    }

    private static ValueInfoProto Tensor2D(string name, int columns)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = columns });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
