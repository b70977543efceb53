using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Splitstream.Ingest;

/// <summary>
/// A bound request record that cannot be read is a problem+json instead of the framework's unexplained 400: a value of
/// the wrong type names the field from the JSON path (<c>duration_s</c>, <c>exercises[0].sets[1].reps</c>); JSON that is
/// malformed (truncated, not JSON), not an object, or missing names <c>body</c>; a body that is not JSON is a 415.
/// Needs <c>RouteHandlerOptions.ThrowOnBadRequest</c>.
/// </summary>
public sealed class BadRequestBodyHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            await Problems.UnsupportedMediaType("send application/json").ExecuteAsync(httpContext);
            return true;
        }
        var error = bad.InnerException switch
        {
            // The reader's own exception inside: the text is not JSON (or ends early), whatever property it stopped in.
            JsonException { InnerException: JsonException } syntax => new FieldError("body", "malformed JSON: " + FirstLine(syntax.Message)),
            JsonException { Path: { Length: > 2 } path } json =>
                new FieldError(path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path, "has the wrong type or shape: " + FirstLine(json.Message)),
            JsonException json => new FieldError("body", "must be a JSON object: " + FirstLine(json.Message)),
            _ => new FieldError("body", bad.Message),
        };
        httpContext.Response.StatusCode = bad.StatusCode;
        await Problems.Validation([error]).ExecuteAsync(httpContext);
        return true;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
