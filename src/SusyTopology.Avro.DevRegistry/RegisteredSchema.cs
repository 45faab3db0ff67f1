namespace SusyTopology.Avro.DevRegistry;

/// <summary>A schema registered under a subject: its global id and its version within the subject.</summary>
public sealed record RegisteredSchema(string Subject, int Version, int Id, string SchemaString, string SchemaType = "AVRO");
