using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Splitstream.Schemas;

namespace Splitstream.Platform;

/// <summary>
/// The subset of the Confluent Schema Registry REST API the project uses, served over any <see cref="ISchemaRegistry"/>:
/// register under a subject, schema by id, subjects, versions of a subject, one version (or "latest").
/// </summary>
public static class SchemaRegistryApi
{
    private const string ContentType = "application/vnd.schemaregistry.v1+json";

    public static RouteGroupBuilder MapSchemaRegistryApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("");
        group.MapPost("/subjects/{subject}/versions", RegisterAsync);
        group.MapGet("/schemas/ids/{id:int}", GetByIdAsync);
        group.MapGet("/subjects", GetSubjectsAsync);
        group.MapGet("/subjects/{subject}/versions", GetVersionsAsync);
        group.MapGet("/subjects/{subject}/versions/{version}", GetVersionAsync);
        return group;
    }

    public static async Task<IResult> RegisterAsync(string subject, HttpRequest request, ISchemaRegistry registry, CancellationToken cancellationToken)
    {
        // The registry's clients send application/vnd.schemaregistry.v1+json, which minimal-API binding would refuse.
        RegisterRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<RegisterRequest>(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, 42201, "Invalid schema: " + e.Message);
        }
        if (string.IsNullOrWhiteSpace(body?.Schema))
        {
            return Error(StatusCodes.Status422UnprocessableEntity, 42201, "Invalid schema: field 'schema' is required");
        }
        if (body.SchemaType is not (null or "PROTOBUF"))
        {
            return Error(StatusCodes.Status422UnprocessableEntity, 42201, $"Invalid schema: schemaType {body.SchemaType} is not supported here");
        }
        var id = await registry.RegisterAsync(subject, body.Schema, cancellationToken);
        return Json(new { id });
    }

    public static Task<IResult> GetByIdAsync(int id, ISchemaRegistry registry, CancellationToken cancellationToken) =>
        Answer(async () =>
        {
            var schema = await registry.GetByIdAsync(id, cancellationToken);
            return new { schema = schema.Schema, schemaType = schema.SchemaType };
        });

    public static Task<IResult> GetSubjectsAsync(ISchemaRegistry registry, CancellationToken cancellationToken) =>
        Answer(async () => await registry.GetSubjectsAsync(cancellationToken));

    public static Task<IResult> GetVersionsAsync(string subject, ISchemaRegistry registry, CancellationToken cancellationToken) =>
        Answer(async () => await registry.GetVersionsAsync(subject, cancellationToken));

    public static Task<IResult> GetVersionAsync(string subject, string version, ISchemaRegistry registry, CancellationToken cancellationToken)
    {
        if (version != "latest" && !int.TryParse(version, out _))
        {
            return Task.FromResult(Error(StatusCodes.Status422UnprocessableEntity, 42202, "Invalid version"));
        }
        var number = version == "latest" ? -1 : int.Parse(version);
        return Answer(async () =>
        {
            var schema = await registry.GetVersionAsync(subject, number, cancellationToken);
            return new { subject = schema.Subject, version = schema.Version, id = schema.Id, schema = schema.Schema, schemaType = schema.SchemaType };
        });
    }

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
    }

    private static IResult Json(object? value) => Results.Json(value, contentType: ContentType);

    private static IResult Error(int status, int errorCode, string message) =>
        Results.Json(new { error_code = errorCode, message }, contentType: ContentType, statusCode: status);

    private sealed record RegisterRequest(
        [property: JsonPropertyName("schema")] string? Schema,
        [property: JsonPropertyName("schemaType")] string? SchemaType);
}
