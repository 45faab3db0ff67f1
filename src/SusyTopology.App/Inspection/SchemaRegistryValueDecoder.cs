using Avro;
using Avro.Generic;
using Avro.IO;
using Confluent.SchemaRegistry;
using SusyTopology.Avro.Serdes;
using Schema = Avro.Schema;

namespace SusyTopology.App.Inspection;

/// <summary>A message decoded through the Schema Registry: the writer schema's id, the schema and the generic value.</summary>
public sealed record DecodedAvroValue(int SchemaId, Schema Schema, object? Value);

/// <summary>
/// Decodes Confluent wire-format messages of any schema into Apache.Avro generic values, with the writer schema its id
/// names (no reader schema: a tool that prints a topic shows what was written). Readers are built once per schema id.
/// A message that is not Avro — bad framing, an id the registry does not know, a non-Avro schema, a body that does
/// not decode or has bytes left over — is reported as such (dead-letter topics hold exactly those), while an
/// unreachable registry is an error of the tool and propagates.
/// </summary>
public sealed class SchemaRegistryValueDecoder(ISchemaRegistryClient registry)
{
    private readonly Dictionary<int, (Schema Schema, GenericDatumReader<object> Reader)> _readers = new();

    /// <summary>Decodes <paramref name="message"/>; false with the reason when it is not a decodable Avro message.</summary>
    public bool TryDecode(byte[] message, out DecodedAvroValue? decoded, out string? notAvroReason)
    {
        decoded = null;
        notAvroReason = null;
        try
        {
            var id = ConfluentWireFormat.ReadSchemaId(message);
            var (schema, reader) = ReaderFor(id);
            using var body = new MemoryStream(message, ConfluentWireFormat.HeaderSize, message.Length - ConfluentWireFormat.HeaderSize, writable: false);
            var value = reader.Read(null!, new BinaryDecoder(body));
            if (body.Position != body.Length)
                throw new AvroException($"{body.Length - body.Position} bytes left over after the value of schema id {id}");
            decoded = new DecodedAvroValue(id, schema, value);
            return true;
        }
        catch (SchemaRegistryException e) when (e.ErrorCode == 40403)
        {
            notAvroReason = $"unknown schema id {ConfluentWireFormat.ReadSchemaId(message)}: {e.Message}";
            return false;
        }
        catch (Exception e) when (e is AvroException or SusyTopology.Avro.AvroException or EndOfStreamException
                                      or ArgumentOutOfRangeException or FormatException or InvalidCastException or OverflowException)
        {
            // Apache.Avro reports a corrupt body as any of these (a huge length, a bad logical value, a short read).
            notAvroReason = e.Message;
            return false;
        }
    }

    private (Schema, GenericDatumReader<object>) ReaderFor(int id)
    {
        if (_readers.TryGetValue(id, out var known)) return known;
        var registered = registry.GetSchemaAsync(id).GetAwaiter().GetResult();
        if (registered.SchemaType != SchemaType.Avro)
            throw new AvroException($"schema id {id} is a {registered.SchemaType} schema, not Avro");
        var schema = Schema.Parse(registered.SchemaString);
        known = (schema, new GenericDatumReader<object>(schema, schema));
        _readers[id] = known;
        return known;
    }
}
