namespace Splitstream.Ingest;

/// <summary>
/// Before a route with <see cref="SmallJsonBody"/> metadata binds its request record: a body over the limit is a 413
/// (never buffered whole, chunked or not), a body that is not valid UTF-8 anywhere is a 400 naming <c>body</c>
/// (System.Text.Json skips unknown properties without decoding them, so the binder alone would accept it). What
/// passes is handed to the binder from memory.
/// </summary>
public static class SmallJsonBodyMiddleware
{
    public static IApplicationBuilder UseSmallJsonBodies(this IApplicationBuilder app) => app.Use(InvokeAsync);

    private static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SmallJsonBody>() is not { } limit)
        {
            await next(context);
            return;
        }
        var body = await RequestBody.ReadAsync(context.Request, limit.MaxBytes, context.RequestAborted);
        if (body is not { } bytes)
        {
            await Problems.TooLarge($"{limit.What} is at most {limit.MaxBytes} bytes").ExecuteAsync(context);
            return;
        }
        if (!System.Text.Unicode.Utf8.IsValid(bytes.AsSpan()))
        {
            await Problems.Validation("body", "is not valid UTF-8").ExecuteAsync(context);
            return;
        }
        context.Request.Body = new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false);
        context.Request.ContentLength = bytes.Count;
        await next(context);
    }
}
