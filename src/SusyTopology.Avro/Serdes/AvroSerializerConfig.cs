using SusyTopology.Avro.SchemaRegistry;

namespace SusyTopology.Avro.Serdes;

/// <summary>Settings of <see cref="AvroSerializer{T}"/>, named as in Confluent's serializer.</summary>
public sealed class AvroSerializerConfig
{
    /// <summary>Register the writer schema under the subject when first used (default). Otherwise it must already be registered.</summary>
    public bool AutoRegisterSchemas { get; set; } = true;

    /// <summary>
    /// Use the subject's latest registered schema id instead of registering or looking up the writer schema
    /// (requires <see cref="AutoRegisterSchemas"/> false; the latest schema must have the writer schema's canonical form).
    /// </summary>
    public bool UseLatestVersion { get; set; }

    public SubjectNameStrategy SubjectNameStrategy { get; set; } = SubjectNameStrategy.Topic;

    /// <summary>Initial size of the per-thread encoding buffer (it grows to the largest record).</summary>
    public int InitialBufferBytes { get; set; } = 1024;
}
