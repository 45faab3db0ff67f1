using System.Collections.Concurrent;
using Confluent.Kafka;
using SusyTopology.Avro.IO;
using SusyTopology.Avro.SchemaRegistry;
using SusyTopology.Avro.Schemas;

namespace SusyTopology.Avro.Serdes;

/// <summary>
/// Deserializes Confluent wire-format messages into <typeparamref name="T"/>. The writer schema is fetched by id
/// once and the decoder for it (generated fast path when it is the class's own schema, schema resolution otherwise)
/// is cached, so a message then costs only the decode and the resulting object. Errors are typed:
/// <see cref="InvalidWireFormatException"/>, <see cref="UnknownSchemaIdException"/>, <see cref="AvroDecodingException"/>
/// (offset within the message, field path) and <see cref="AvroResolutionException"/>. Confluent's builders need the
/// interface spelled out: <c>.SetValueDeserializer((IDeserializer&lt;T&gt;)deserializer)</c>.
/// </summary>
public sealed class AvroDeserializer<T> : IDeserializer<T>, IAsyncDeserializer<T>
{
    private readonly ISchemaRegistryClient _registry;
    private readonly SerdeCodec<T> _codec;
    private readonly ConcurrentDictionary<int, BodyDecoder<T>> _decoders = new();

    public AvroDeserializer(ISchemaRegistryClient registry, AvroDeserializerConfig? config = null)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _codec = SerdeCodec<T>.Create(config?.ReaderSchema);
    }

    public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
            return default!;
        var id = ConfluentWireFormat.ReadSchemaId(data);
        if (!_decoders.TryGetValue(id, out var decoder))
            decoder = FetchDecoderAsync(id).GetAwaiter().GetResult();
        return DecodeBody(decoder, data);
    }

    public async Task<T> DeserializeAsync(ReadOnlyMemory<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
            return default!;
        var id = ConfluentWireFormat.ReadSchemaId(data.Span);
        if (!_decoders.TryGetValue(id, out var decoder))
            decoder = await FetchDecoderAsync(id).ConfigureAwait(false);
        return DecodeBody(decoder, data.Span);
    }

    private static T DecodeBody(BodyDecoder<T> decoder, ReadOnlySpan<byte> message)
    {
        var reader = new AvroBinaryReader(message[ConfluentWireFormat.HeaderSize..]);
        T value;
        try
        {
            value = decoder.Decode(ref reader);
        }
        catch (AvroDecodingException e)
        {
            throw e.AtBase(ConfluentWireFormat.HeaderSize);
        }
        if (!reader.IsAtEnd)
            throw new AvroDecodingException($"{reader.Remaining} bytes left over after the record (wrong writer schema?)",
                reader.Position + ConfluentWireFormat.HeaderSize);
        return value;
    }

    private async Task<BodyDecoder<T>> FetchDecoderAsync(int id)
    {
        Schema schema;
        try
        {
            schema = await _registry.GetSchemaAsync(id).ConfigureAwait(false);
        }
        catch (SchemaRegistryException e) when (e.ErrorCode == SchemaRegistryErrorCodes.SchemaNotFound)
        {
            throw new UnknownSchemaIdException(id, e);
        }
        if (!string.Equals(schema.SchemaType, "AVRO", StringComparison.OrdinalIgnoreCase))
            throw new InvalidWireFormatException($"schema id {id} is a {schema.SchemaType} schema, not Avro");
        var decoder = _codec.DecoderFor(AvroSchema.Parse(schema.SchemaString));
        _decoders[id] = decoder;
        return decoder;
    }
}
