namespace SusyTopology.Avro;

/// <summary>A message references a schema id the Schema Registry does not know (error code 40403).</summary>
public sealed class UnknownSchemaIdException : AvroException
{
    public UnknownSchemaIdException(int schemaId, Exception? inner = null)
        : base($"Schema id {schemaId} is not known to the schema registry", inner)
    {
        SchemaId = schemaId;
    }

    public int SchemaId { get; }
}
