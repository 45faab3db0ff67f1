namespace SusyTopology.Avro.DevRegistry;

/// <summary>Confluent Schema Registry error codes, as clients switch on them.</summary>
public static class RegistryErrorCodes
{
    public const int SubjectNotFound = 40401;
    public const int VersionNotFound = 40402;
    public const int SchemaNotFound = 40403;
    public const int IncompatibleSchema = 409;
    public const int InvalidSchema = 42201;
    public const int InvalidVersion = 42202;
    public const int InvalidCompatibilityLevel = 42203;
    public const int InternalError = 50001;
}
