using Google.Protobuf;
using Onnx;

namespace SusyTopology.Scoring.Tests;

/// <summary>Hand-built ONNX graphs around one linear layer, in each output layout the scorer accepts or refuses.</summary>
internal static class OnnxGraphs
{
    public const int Float = 1, Int64 = 7, Double = 11;

    /// <summary>A linear layer of <paramref name="features"/> inputs: weights and bias drawn from a fixed seed.</summary>
    public sealed record Linear(float[] Weights, float[] Bias, int Features)
    {
        public static Linear Random(int classes, int features = 18, int seed = 3)
        {
            var rng = new Random(seed);
            float Draw() => (float)(rng.NextDouble() - 0.5) * 0.6f;
            return new Linear(Enumerable.Range(0, classes * features).Select(_ => Draw()).ToArray(),
                Enumerable.Range(0, classes).Select(_ => Draw()).ToArray(), features);
        }

        public int Classes => Bias.Length;

        /// <summary>The layer's outputs for one row, in double precision: the reference the scores are checked against.</summary>
        public double[] Logits(ReadOnlySpan<float> row)
        {
            var z = new double[Classes];
            for (var c = 0; c < Classes; c++)
            {
                z[c] = Bias[c];
                for (var i = 0; i < Features; i++) z[c] += (double)Weights[c * Features + i] * row[i];
            }
            return z;
        }

        /// <summary>P(signal): the sigmoid of one logit, or the softmax's column 1 of two.</summary>
        public double Probability(ReadOnlySpan<float> row)
        {
            var z = Logits(row);
            return Classes == 1 ? 1 / (1 + Math.Exp(-z[0])) : 1 / (1 + Math.Exp(z[0] - z[1]));
        }
    }

    /// <summary>x[N,F] → Gemm → [N,1] → Sigmoid.</summary>
    public static byte[] SigmoidColumn(Linear layer, object? batch = null, int inputType = Float, params (string Key, string Value)[] metadata)
    {
        var g = Graph(layer, batch, inputType);
        g.Node.Add(Node("Sigmoid", ["z"], ["p"]));
        g.Output.Add(Value("p", inputType, "N", 1));
        return Model(g, metadata);
    }

    /// <summary>x[N,F] → Gemm → Sigmoid, the output's shape not declared (as converters without shape inference leave it).</summary>
    public static byte[] SigmoidUndeclaredShape(Linear layer)
    {
        var g = Graph(layer, "N", Float);
        g.Node.Add(Node("Sigmoid", ["z"], ["p"]));
        g.Output.Add(new ValueInfoProto { Name = "p", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = Float } } });
        return Model(g);
    }

    /// <summary>x[N,F] → Gemm → [N,1] (logits, no sigmoid).</summary>
    public static byte[] LogitColumn(Linear layer, params (string Key, string Value)[] metadata)
    {
        var g = Graph(layer, "N", Float);
        g.Output.Add(Value("z", Float, "N", 1));
        return Model(g, metadata);
    }

    /// <summary>x[N,F] → Gemm → Sigmoid → Flatten to a vector [N] (Reshape to [-1]).</summary>
    public static byte[] SigmoidVector(Linear layer)
    {
        var g = Graph(layer, "N", Float);
        g.Node.Add(Node("Sigmoid", ["z"], ["p2"]));
        g.Initializer.Add(Int64s("flat", [1], -1));
        g.Node.Add(Node("Reshape", ["p2", "flat"], ["p"]));
        g.Output.Add(Value("p", Float, "N"));
        return Model(g);
    }

    /// <summary>x[N,F] → Gemm (2 classes) → Softmax → [N,2]; with a label, also ArgMax → int64 [N] (sklearn-onnx's pair).</summary>
    public static byte[] SoftmaxPair(Linear layer, bool withLabel = false, int columns = 2)
    {
        var g = Graph(layer, "N", Float);
        g.Node.Add(Node("Softmax", ["z"], ["probabilities"], Attribute("axis", 1)));
        if (withLabel)
        {
            g.Node.Add(Node("ArgMax", ["probabilities"], ["label"], Attribute("axis", 1), Attribute("keepdims", 0)));
            g.Output.Add(Value("label", Int64, "N"));
        }
        g.Output.Add(Value("probabilities", Float, "N", columns));
        return Model(g);
    }

    /// <summary>x[N,F] → Gemm → ArgMax: a label only, no score.</summary>
    public static byte[] LabelOnly(Linear layer)
    {
        var g = Graph(layer, "N", Float);
        g.Node.Add(Node("ArgMax", ["z"], ["label"], Attribute("axis", 1), Attribute("keepdims", 0)));
        g.Output.Add(Value("label", Int64, "N"));
        return Model(g);
    }

    /// <summary>Two inputs added before the layer.</summary>
    public static byte[] TwoInputs(Linear layer)
    {
        var g = Graph(layer, "N", Float, input: "sum");
        g.Input.Add(Value("a", Float, "N", layer.Features));
        g.Input.Add(Value("b", Float, "N", layer.Features));
        g.Node.Insert(0, Node("Add", ["a", "b"], ["sum"]));
        g.Node.Add(Node("Sigmoid", ["z"], ["p"]));
        g.Output.Add(Value("p", Float, "N", 1));
        return Model(g);
    }

    private static GraphProto Graph(Linear layer, object? batch, int inputType, string input = "x")
    {
        var g = new GraphProto { Name = "linear" };
        if (input == "x") g.Input.Add(Value("x", inputType, batch ?? "N", layer.Features));
        var weights = new TensorProto { Name = "W", DataType = inputType };
        weights.Dims.AddRange([layer.Classes, layer.Features]);
        var bias = new TensorProto { Name = "B", DataType = inputType };
        bias.Dims.Add(layer.Classes);
        if (inputType == Double)
        {
            weights.DoubleData.AddRange(layer.Weights.Select(w => (double)w));
            bias.DoubleData.AddRange(layer.Bias.Select(b => (double)b));
        }
        else
        {
            weights.FloatData.AddRange(layer.Weights);
            bias.FloatData.AddRange(layer.Bias);
        }
        g.Initializer.Add(weights);
        g.Initializer.Add(bias);
        g.Node.Add(Node("Gemm", [input, "W", "B"], ["z"], Attribute("transB", 1)));
        return g;
    }

    private static byte[] Model(GraphProto graph, params (string Key, string Value)[] metadata)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "susy-scoring-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        foreach (var (key, value) in metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model.ToByteArray();
    }

    private static ValueInfoProto Value(string name, int elemType, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d) });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType, Shape = shape } } };
    }

    private static TensorProto Int64s(string name, long[] dims, params long[] values)
    {
        var t = new TensorProto { Name = name, DataType = Int64 };
        t.Dims.AddRange(dims);
        t.Int64Data.AddRange(values);
        return t;
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var n = new NodeProto { OpType = op, Name = outputs[0] };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        n.Attribute.AddRange(attributes);
        return n;
    }

    private static AttributeProto Attribute(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
}
