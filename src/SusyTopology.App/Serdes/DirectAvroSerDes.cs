using Confluent.Kafka;
using Streamiz.Kafka.Net.SerDes;
using SusyTopology.Avro.IO;
using SusyTopology.Avro.Specific;

namespace SusyTopology.App.Serdes;

/// <summary>
/// Plain Avro binary (no registry framing) through the generated class's own codec, for the app's internal topics
/// (repartition, changelog): only this app reads them, with the schema it was built with, so a registry lookup per
/// record would buy nothing and costs ~30× the CPU (README "Serdes").
/// </summary>
public sealed class DirectAvroSerDes<T> : AbstractSerDes<T> where T : class, ISpecificRecord<T>
{
    public override byte[] Serialize(T data, SerializationContext context)
    {
        var writer = new AvroBinaryWriter(192);
        data.Encode(writer);
        return writer.ToArray();
    }

    public override T Deserialize(byte[] data, SerializationContext context)
    {
        var reader = new AvroBinaryReader(data);
        return T.Decode(ref reader);
    }
}
