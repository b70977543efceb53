using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>
/// The Confluent Schema Registry REST API as Confluent's own clients call it (Protobuf schemas), over the embedded
/// <see cref="KafkaSchemaRegistry"/>: register and look up under a subject, schemas by id (the text, or with
/// <c>format=serialized</c> the base64 FileDescriptorProto), the subjects and versions of an id, subjects and versions,
/// compatibility levels (<c>/config</c>) and checks (<c>/compatibility</c>). <c>/associations</c> (Confluent 8's
/// topic-to-subject associations) answers 404 in Confluent's error shape, so clients fall back to <c>&lt;topic&gt;-value</c>;
/// so does every route this registry does not serve.
/// </summary>
public static class SchemaRegistryApi
{
    private const string ContentType = "application/vnd.schemaregistry.v1+json";

    public static RouteGroupBuilder MapSchemaRegistryApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("");
        group.MapPost("/subjects/{subject}/versions", RegisterAsync);
        group.MapPost("/subjects/{subject}", LookUpAsync);
        group.MapGet("/schemas/ids/{id:int}", GetByIdAsync);
        group.MapGet("/schemas/ids/{id:int}/versions", GetVersionsOfIdAsync);
        group.MapGet("/schemas/ids/{id:int}/subjects", GetSubjectsOfIdAsync);
        group.MapGet("/schemas/types", () => Json(new[] { "PROTOBUF" }));
        group.MapGet("/subjects", GetSubjectsAsync);
        group.MapGet("/subjects/{subject}/versions", GetVersionsAsync);
        group.MapGet("/subjects/{subject}/versions/{version}", GetVersionAsync);
        group.MapGet("/config", GetGlobalConfigAsync);
        group.MapPut("/config", SetGlobalConfigAsync);
        group.MapGet("/config/{subject}", GetSubjectConfigAsync);
        group.MapPut("/config/{subject}", SetSubjectConfigAsync);
        group.MapDelete("/config/{subject}", DeleteSubjectConfigAsync);
        group.MapPost("/compatibility/subjects/{subject}/versions/{version}", TestCompatibilityAsync);
        group.MapPost("/compatibility/subjects/{subject}/versions", TestCompatibilityWithLevelAsync);
        group.MapGet("/associations/resources/{resourceNamespace}/{resourceName}", (string resourceName) =>
            Error(StatusCodes.Status404NotFound, 40401, $"No associations found for resource '{resourceName}'"));
        routes.MapFallback(() => Error(StatusCodes.Status404NotFound, 404, "HTTP 404 Not Found"));
        return group;
    }

    public static async Task<IResult> RegisterAsync(string subject, HttpRequest request, KafkaSchemaRegistry registry, CancellationToken cancellationToken)
    {
        var (body, invalid) = await ReadSchemaAsync(request, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        try
        {
            return Json(new { id = await registry.RegisterAsync(subject, body!.Schema!, cancellationToken) });
        }
        catch (ProtoSchemaParseException e)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, 42201, "Invalid schema: " + e.Message);
        }
        catch (SchemaIncompatibleException e)
        {
            return Error(StatusCodes.Status409Conflict, 409, e.Message);
        }
    }

    /// <summary>Whether a subject holds a schema, and under which version and id (Confluent's 40403 when it does not).</summary>
    public static async Task<IResult> LookUpAsync(string subject, HttpRequest request, KafkaSchemaRegistry registry, CancellationToken cancellationToken)
    {
        var (body, invalid) = await ReadSchemaAsync(request, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        return await Answer(async () =>
        {
            var versions = await registry.GetVersionsAsync(subject, cancellationToken);
            foreach (var version in versions)
            {
                var schema = await registry.GetVersionAsync(subject, version, cancellationToken);
                if (schema.Schema == body!.Schema)
                {
                    return new { subject, version, id = schema.Id, schema = schema.Schema, schemaType = schema.SchemaType };
                }
            }
            throw new SchemaNotFoundException("Schema not found", 40403);
        });
    }

    public static Task<IResult> GetByIdAsync(int id, string? format, KafkaSchemaRegistry registry, CancellationToken cancellationToken) =>
        Answer(async () =>
        {
            var schema = await registry.GetByIdAsync(id, cancellationToken);
            // Confluent's clients ask for format=serialized: the FileDescriptorProto, base64, instead of the .proto text.
            var text = format == "serialized" ? Convert.ToBase64String(await registry.GetSerializedAsync(id, cancellationToken)) : schema.Schema;
            return new { schema = text, schemaType = schema.SchemaType };
        });

    public static Task<IResult> GetVersionsOfIdAsync(int id, KafkaSchemaRegistry registry, CancellationToken cancellationToken) =>
        Answer(async () => (await registry.GetSubjectVersionsAsync(id, cancellationToken)).Select(v => new { subject = v.Subject, version = v.Version }));

    public static Task<IResult> GetSubjectsOfIdAsync(int id, KafkaSchemaRegistry registry, CancellationToken cancellationToken) =>
        Answer(async () => (await registry.GetSubjectVersionsAsync(id, cancellationToken)).Select(v => v.Subject).Distinct());

    public static Task<IResult> GetSubjectsAsync(KafkaSchemaRegistry registry, CancellationToken cancellationToken) =>
        Answer(async () => await registry.GetSubjectsAsync(cancellationToken));

    public static Task<IResult> GetVersionsAsync(string subject, KafkaSchemaRegistry registry, CancellationToken cancellationToken) =>
        Answer(async () => await registry.GetVersionsAsync(subject, cancellationToken));

    public static Task<IResult> GetVersionAsync(string subject, string version, KafkaSchemaRegistry registry, CancellationToken cancellationToken)
    {
        if (ParseVersion(version) is not { } number)
        {
            return Task.FromResult(InvalidVersion(version));
        }
        return Answer(async () =>
        {
            var schema = await registry.GetVersionAsync(subject, number, cancellationToken);
            return new { subject = schema.Subject, version = schema.Version, id = schema.Id, schema = schema.Schema, schemaType = schema.SchemaType };
        });
    }

    public static async Task<IResult> GetGlobalConfigAsync(KafkaSchemaRegistry registry, CancellationToken cancellationToken) =>
        Json(new { compatibilityLevel = await registry.GetCompatibilityAsync(null, defaultToGlobal: true, cancellationToken) });

    public static Task<IResult> SetGlobalConfigAsync(HttpRequest request, KafkaSchemaRegistry registry, CancellationToken cancellationToken) =>
        SetConfigAsync(null, request, registry, cancellationToken);

    public static async Task<IResult> GetSubjectConfigAsync(string subject, bool? defaultToGlobal, KafkaSchemaRegistry registry,
        CancellationToken cancellationToken) =>
        await registry.GetCompatibilityAsync(subject, defaultToGlobal ?? false, cancellationToken) is { } level
            ? Json(new { compatibilityLevel = level })
            : Error(StatusCodes.Status404NotFound, 40408, $"Subject '{subject}' does not have subject-level compatibility configured");

    public static Task<IResult> SetSubjectConfigAsync(string subject, HttpRequest request, KafkaSchemaRegistry registry, CancellationToken cancellationToken) =>
        SetConfigAsync(subject, request, registry, cancellationToken);

    public static async Task<IResult> DeleteSubjectConfigAsync(string subject, KafkaSchemaRegistry registry, CancellationToken cancellationToken)
    {
        if (await registry.GetCompatibilityAsync(subject, defaultToGlobal: false, cancellationToken) is not { } level)
        {
            return Error(StatusCodes.Status404NotFound, 40408, $"Subject '{subject}' does not have subject-level compatibility configured");
        }
        await registry.SetCompatibilityAsync(subject, null, cancellationToken);
        return Json(new { compatibilityLevel = level });
    }

    public static Task<IResult> TestCompatibilityAsync(string subject, string version, HttpRequest request, KafkaSchemaRegistry registry,
        CancellationToken cancellationToken) =>
        ParseVersion(version) is { } number
            ? TestAsync(subject, number, request, registry, cancellationToken)
            : Task.FromResult(InvalidVersion(version));

    public static Task<IResult> TestCompatibilityWithLevelAsync(string subject, HttpRequest request, KafkaSchemaRegistry registry,
        CancellationToken cancellationToken) =>
        TestAsync(subject, null, request, registry, cancellationToken);

    private static async Task<IResult> TestAsync(string subject, int? version, HttpRequest request, KafkaSchemaRegistry registry,
        CancellationToken cancellationToken)
    {
        var (body, invalid) = await ReadSchemaAsync(request, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        try
        {
            var differences = await registry.TestCompatibilityAsync(subject, version, body!.Schema!, cancellationToken);
            return Json(new { is_compatible = differences.Count == 0, messages = differences.Select(d => $"{d.ErrorType}: {d.Description}") });
        }
        catch (ProtoSchemaParseException e)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, 42201, "Invalid schema: " + e.Message);
        }
        catch (SchemaNotFoundException e)
        {
            return Error(StatusCodes.Status404NotFound, e.ErrorCode, e.Message);
        }
    }

    private static async Task<IResult> SetConfigAsync(string? subject, HttpRequest request, KafkaSchemaRegistry registry, CancellationToken cancellationToken)
    {
        ConfigRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<ConfigRequest>(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, 42203, "Invalid compatibility level: " + e.Message);
        }
        if (body?.Compatibility is not { } level || !ProtoSchemaCompatibility.Levels.Contains(level))
        {
            return Error(StatusCodes.Status422UnprocessableEntity, 42203,
                $"Invalid compatibility level '{body?.Compatibility}'. Valid values are {string.Join(", ", ProtoSchemaCompatibility.Levels)}");
        }
        await registry.SetCompatibilityAsync(subject, level, cancellationToken);
        return Json(new { compatibility = level });
    }

    /// <summary>The registry's clients send application/vnd.schemaregistry.v1+json, which minimal-API binding would refuse.</summary>
    private static async Task<(SchemaRequest? Body, IResult? Invalid)> ReadSchemaAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        SchemaRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<SchemaRequest>(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return (null, Error(StatusCodes.Status422UnprocessableEntity, 42201, "Invalid schema: " + e.Message));
        }
        if (string.IsNullOrWhiteSpace(body?.Schema))
        {
            return (null, Error(StatusCodes.Status422UnprocessableEntity, 42201, "Invalid schema: field 'schema' is required"));
        }
        if (body.SchemaType is not (null or "PROTOBUF"))
        {
            return (null, Error(StatusCodes.Status422UnprocessableEntity, 42201, $"Invalid schema: schemaType {body.SchemaType} is not supported here"));
        }
        if (body.References is { Length: > 0 })
        {
            return (null, Error(StatusCodes.Status422UnprocessableEntity, 42201, "Invalid schema: schema references are not supported here"));
        }
        return (body, null);
    }

    private static int? ParseVersion(string version) =>
        version is "latest" or "-1" ? -1 : int.TryParse(version, out var number) && number > 0 ? number : null;

    private static IResult InvalidVersion(string version) =>
        Error(StatusCodes.Status422UnprocessableEntity, 42202,
            $"The specified version '{version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");

    private static async Task<IResult> Answer<T>(Func<Task<T>> read)
    {
        try
        {
            return Json(await read());
        }
        catch (SchemaNotFoundException e)
        {
            return Error(StatusCodes.Status404NotFound, e.ErrorCode, e.Message);
        }
        catch (ProtoSchemaParseException e)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, 42201, "Invalid schema: " + e.Message);
        }
    }

    private static IResult Json(object? value) => Results.Json(value, contentType: ContentType);

    private static IResult Error(int status, int errorCode, string message) =>
        Results.Json(new { error_code = errorCode, message }, contentType: ContentType, statusCode: status);

    private sealed record SchemaRequest(
        [property: JsonPropertyName("schema")] string? Schema,
        [property: JsonPropertyName("schemaType")] string? SchemaType,
        [property: JsonPropertyName("references")] JsonElement[]? References);

    private sealed record ConfigRequest([property: JsonPropertyName("compatibility")] string? Compatibility);
}
