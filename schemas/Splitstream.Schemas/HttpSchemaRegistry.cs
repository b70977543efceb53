using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Splitstream.Schemas;

/// <summary>Client of the Confluent Schema Registry REST API (the subset in <see cref="ISchemaRegistry"/>).</summary>
public sealed class HttpSchemaRegistry(HttpClient http) : ISchemaRegistry
{
    private const string ContentType = "application/vnd.schemaregistry.v1+json";

    public async Task<int> RegisterAsync(string subject, string schema, CancellationToken cancellationToken = default)
    {
        var body = JsonContent.Create(new RegisterRequest(schema, "PROTOBUF"), mediaType: new(ContentType));
        using var response = await http.PostAsync($"subjects/{Uri.EscapeDataString(subject)}/versions", body, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync<RegisterResponse>(cancellationToken)
            ?? throw new InvalidOperationException("schema registry returned an empty body");
        return result.Id;
    }

    public async Task<RegisteredSchema> GetByIdAsync(int id, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"schemas/ids/{id}", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync<SchemaByIdResponse>(cancellationToken)
            ?? throw new InvalidOperationException("schema registry returned an empty body");
        return new RegisteredSchema(id, Subject: "", Version: 0, result.Schema, result.SchemaType ?? "AVRO");
    }

    public async Task<IReadOnlyList<string>> GetSubjectsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync("subjects", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<string[]>(cancellationToken) ?? [];
    }

    public async Task<IReadOnlyList<int>> GetVersionsAsync(string subject, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"subjects/{Uri.EscapeDataString(subject)}/versions", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<int[]>(cancellationToken) ?? [];
    }

    public async Task<RegisteredSchema> GetVersionAsync(string subject, int version, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"subjects/{Uri.EscapeDataString(subject)}/versions/{version}", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync<SubjectVersionResponse>(cancellationToken)
            ?? throw new InvalidOperationException("schema registry returned an empty body");
        return new RegisteredSchema(result.Id, result.Subject, result.Version, result.Schema, result.SchemaType ?? "AVRO");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var code = 40400;
            try
            {
                code = JsonSerializer.Deserialize<ErrorResponse>(text)?.ErrorCode ?? code;
            }
            catch (JsonException)
            {
                // A 404 from something that is not a registry: keep the generic code.
            }
            throw new SchemaNotFoundException(text, code);
        }
        throw new HttpRequestException($"schema registry answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
    }

    private sealed record RegisterRequest(
        [property: JsonPropertyName("schema")] string Schema,
        [property: JsonPropertyName("schemaType")] string SchemaType);

    private sealed record RegisterResponse([property: JsonPropertyName("id")] int Id);

    private sealed record SchemaByIdResponse(
        [property: JsonPropertyName("schema")] string Schema,
        [property: JsonPropertyName("schemaType")] string? SchemaType);

    private sealed record SubjectVersionResponse(
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("id")] int Id,
        [property: JsonPropertyName("schema")] string Schema,
        [property: JsonPropertyName("schemaType")] string? SchemaType);

    private sealed record ErrorResponse([property: JsonPropertyName("error_code")] int ErrorCode);
}
