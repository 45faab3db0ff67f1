using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SusyTopology.Avro.DevRegistry;

/// <summary>Confluent's response conventions: its content type, and errors as {"error_code", "message"}.</summary>
internal static class RegistryResponses
{
    public const string ContentType = "application/vnd.schemaregistry.v1+json";

    public static IResult Json(JsonNode? body, int status = StatusCodes.Status200OK) =>
        Results.Content(body?.ToJsonString() ?? "null", ContentType, Encoding.UTF8, status);

    public static IResult Error(int errorCode, string message)
    {
        // The HTTP status is the error code's first three digits (40401 → 404, 42201 → 422, 409 → 409).
        var status = errorCode < 1000 ? errorCode : errorCode / 100;
        return Json(new JsonObject { ["error_code"] = errorCode, ["message"] = message }, status);
    }

    public static IResult Error(RegistryErrorException e) => Error(e.ErrorCode, e.RegistryMessage);
}
