namespace SusyTopology.Learning.Model;

/// <summary>Binary form of <see cref="OnlineClassifierOptions"/> inside a saved classifier state.</summary>
internal static class OptionsSerializer
{
    public static void Write(BinaryWriter w, OnlineClassifierOptions o)
    {
        w.Write(o.InputSize);
        w.Write(o.HiddenLayers.Count);
        foreach (var width in o.HiddenLayers) w.Write(width);
        foreach (var rate in o.Dropout) w.Write(rate);
        w.Write(o.InitialWeightScale);
        w.Write(o.LearningRate);
        w.Write(o.LearningRateDecay);
        w.Write(o.Beta1);
        w.Write(o.Beta2);
        w.Write(o.Epsilon);
        w.Write(o.WeightDecay);
        w.Write(o.WeightAveragingDecay);
        w.Write(o.BatchSize);
        w.Write(o.EpochsPerBatch);
        w.Write(o.ReplayBufferSize);
        w.Write(o.ReplayStepsPerBatch);
        w.Write(o.Seed);
    }

    public static OnlineClassifierOptions Read(BinaryReader r)
    {
        var inputSize = r.ReadInt32();
        var layers = r.ReadInt32();
        if (layers is < 0 or > 1024) throw new InvalidDataException($"Corrupt state: {layers} hidden layers.");
        var widths = new int[layers];
        for (var i = 0; i < layers; i++) widths[i] = r.ReadInt32();
        var dropout = new float[layers];
        for (var i = 0; i < layers; i++) dropout[i] = r.ReadSingle();
        var options = new OnlineClassifierOptions
        {
            InputSize = inputSize,
            HiddenLayers = widths,
            Dropout = dropout,
            InitialWeightScale = r.ReadSingle(),
            LearningRate = r.ReadSingle(),
            LearningRateDecay = r.ReadSingle(),
            Beta1 = r.ReadSingle(),
            Beta2 = r.ReadSingle(),
            Epsilon = r.ReadSingle(),
            WeightDecay = r.ReadSingle(),
            WeightAveragingDecay = r.ReadSingle(),
            BatchSize = r.ReadInt32(),
            EpochsPerBatch = r.ReadInt32(),
            ReplayBufferSize = r.ReadInt32(),
            ReplayStepsPerBatch = r.ReadInt32(),
            Seed = r.ReadUInt64(),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("Corrupt state: " + e.Message, e);
        }
        return options;
    }
}
