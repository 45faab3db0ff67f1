using Confluent.SchemaRegistry;
using SusyTopology.Avro;
using SusyTopology.Avro.Generic;
using SusyTopology.Avro.Schemas;
using SusyTopology.Avro.Serdes;

namespace SusyTopology.App.Inspection;

/// <summary>A message decoded through the Schema Registry: the writer schema's id, the schema and the generic value.</summary>
public sealed record DecodedAvroValue(int SchemaId, AvroSchema Schema, object? Value);

/// <summary>
/// Decodes Confluent wire-format messages of any schema into generic values, with the writer schema its id names
/// (no reader schema: a tool that prints a topic shows what was written). Readers are built once per schema id.
/// A message that is not Avro — bad framing, an id the registry does not know, a non-Avro schema, a body that does
/// not decode — is reported as such (dead-letter topics hold exactly those), while an unreachable registry is an
/// error of the tool and propagates.
/// </summary>
public sealed class SchemaRegistryValueDecoder(ISchemaRegistryClient registry)
{
    private readonly Dictionary<int, GenericDatumReader> _readers = new();

    /// <summary>Decodes <paramref name="message"/>; false with the reason when it is not a decodable Avro message.</summary>
    public bool TryDecode(ReadOnlySpan<byte> message, out DecodedAvroValue? decoded, out string? notAvroReason)
    {
        decoded = null;
        notAvroReason = null;
        try
        {
            var id = ConfluentWireFormat.ReadSchemaId(message);
            var reader = ReaderFor(id);
            decoded = new DecodedAvroValue(id, reader.WriterSchema, reader.Read(message[ConfluentWireFormat.HeaderSize..]));
            return true;
        }
        catch (HttpRequestException)
        {
            throw; // the registry is down: no message can be judged
        }
        catch (Exception e) when (e is AvroException or ArgumentOutOfRangeException or FormatException)
        {
            // Out-of-range logical values surface as ArgumentOutOfRange/Format from the conversions.
            notAvroReason = e.Message;
            return false;
        }
    }

    private GenericDatumReader ReaderFor(int id)
    {
        if (_readers.TryGetValue(id, out var reader)) return reader;
        global::Confluent.SchemaRegistry.Schema schema;
        try
        {
            schema = registry.GetSchemaAsync(id).GetAwaiter().GetResult();
        }
        catch (SchemaRegistryException e) when (e.ErrorCode == 40403)
        {
            throw new UnknownSchemaIdException(id, e);
        }
        if (schema.SchemaType != global::Confluent.SchemaRegistry.SchemaType.Avro)
            throw new InvalidWireFormatException($"schema id {id} is a {schema.SchemaType} schema, not Avro");
        reader = new GenericDatumReader(AvroSchema.Parse(schema.SchemaString));
        _readers[id] = reader;
        return reader;
    }
}
