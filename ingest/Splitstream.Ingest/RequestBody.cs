namespace Splitstream.Ingest;

/// <summary>Reads a request body into memory with a hard bound, so a huge or endless body is refused (413), never buffered.</summary>
public static class RequestBody
{
    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<ArraySegment<byte>?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            return null;
        }
        var buffer = new byte[request.ContentLength is { } length ? (int)length + 1 : Math.Min(maxBytes + 1, 64 * 1024)];
        var used = 0;
        while (true)
        {
            if (used == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    return null;
                }
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1L));
            }
            var read = await request.Body.ReadAsync(buffer.AsMemory(used), cancellationToken);
            if (read == 0)
            {
                return new ArraySegment<byte>(buffer, 0, used);
            }
            used += read;
            if (used > maxBytes)
            {
                return null;
            }
        }
    }
}
