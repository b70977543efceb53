using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Splitstream.Ingest;

/// <summary>
/// A bound request record that cannot be read (malformed JSON, a string where a number belongs, no body) is a 400
/// problem+json naming the field from the JSON path (<c>duration_s</c>, <c>exercises[0].sets[1].reps</c>), or
/// <c>body</c>, instead of the framework's unexplained 400. Needs <c>RouteHandlerOptions.ThrowOnBadRequest</c>.
/// </summary>
public sealed class BadRequestBodyHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }
        var error = bad.InnerException is JsonException { Path: { Length: > 2 } path } json
            ? new FieldError(path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path, "has the wrong type or shape: " + FirstLine(json.Message))
            : new FieldError("body", bad.Message);
        httpContext.Response.StatusCode = bad.StatusCode;
        await Problems.Validation([error]).ExecuteAsync(httpContext);
        return true;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
