using System.Collections.Concurrent;
using Confluent.Kafka;
using SusyTopology.Avro.IO;
using SusyTopology.Avro.SchemaRegistry;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Serdes;

/// <summary>
/// Serializes <typeparamref name="T"/> (a generated class, <c>GenericRecord</c>, or string/int/long/float/double/
/// bool/byte[]) in the Confluent wire format. The schema id is resolved through the registry once per
/// (topic, key/value, schema) and cached; after that a message costs one encode into a per-thread buffer and one
/// array for the result. Usable synchronously (<see cref="ISerializer{T}"/>, the streams engine's hot path) and
/// asynchronously (<see cref="IAsyncSerializer{T}"/>). Because it is both, Confluent's builders need the
/// interface spelled out: <c>.SetValueSerializer((ISerializer&lt;T&gt;)serializer)</c>.
/// </summary>
public sealed class AvroSerializer<T> : ISerializer<T>, IAsyncSerializer<T>
{
    [ThreadStatic]
    private static AvroBinaryWriter? t_writer;

    private readonly ISchemaRegistryClient _registry;
    private readonly AvroSerializerConfig _config;
    private readonly SerdeCodec<T> _codec;
    private readonly ConcurrentDictionary<(string Topic, bool IsKey, AvroSchema Schema), int> _ids = new();

    public AvroSerializer(ISchemaRegistryClient registry, AvroSerializerConfig? config = null)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _config = config ?? new AvroSerializerConfig();
        _codec = SerdeCodec<T>.Create(readerSchema: null);
    }

    public byte[] Serialize(T data, SerializationContext context)
    {
        if (data is null)
            return null!; // a null value is a Kafka tombstone and carries no schema
        var schema = _codec.SchemaOf(data);
        var isKey = context.Component == MessageComponentType.Key;
        if (!_ids.TryGetValue((context.Topic, isKey, schema), out var id))
            id = ResolveIdAsync(context.Topic, isKey, schema, CancellationToken.None).GetAwaiter().GetResult();
        return Encode(data, id);
    }

    public async Task<byte[]> SerializeAsync(T data, SerializationContext context)
    {
        if (data is null)
            return null!;
        var schema = _codec.SchemaOf(data);
        var isKey = context.Component == MessageComponentType.Key;
        if (!_ids.TryGetValue((context.Topic, isKey, schema), out var id))
            id = await ResolveIdAsync(context.Topic, isKey, schema, CancellationToken.None).ConfigureAwait(false);
        return Encode(data, id);
    }

    private byte[] Encode(T data, int schemaId)
    {
        var writer = t_writer ??= new AvroBinaryWriter(_config.InitialBufferBytes);
        writer.Reset();
        writer.WriteFixed([ConfluentWireFormat.MagicByte]);
        writer.WriteInt32BigEndian(schemaId);
        _codec.Write(data, writer);
        return writer.ToArray();
    }

    private async Task<int> ResolveIdAsync(string topic, bool isKey, AvroSchema schema, CancellationToken ct)
    {
        var subject = _config.SubjectNameStrategy.SubjectFor(topic, isKey, (schema as NamedSchema)?.FullName);
        var registrySchema = new Schema(schema.ToJson());
        int id;
        if (_config.AutoRegisterSchemas)
        {
            id = await _registry.RegisterSchemaAsync(subject, registrySchema, ct).ConfigureAwait(false);
        }
        else if (_config.UseLatestVersion)
        {
            var latest = await _registry.GetLatestSchemaAsync(subject, ct).ConfigureAwait(false);
            if (AvroSchema.Parse(latest.SchemaString).CanonicalForm != schema.CanonicalForm)
                throw new AvroEncodingException(
                    $"the latest schema of subject '{subject}' (id {latest.Id}) is not the writer schema {schema.CanonicalForm}");
            id = latest.Id;
        }
        else
        {
            id = (await _registry.LookupSchemaAsync(subject, registrySchema, ct).ConfigureAwait(false)).Id;
        }
        _ids[(topic, isKey, schema)] = id;
        return id;
    }
}
