namespace Splitstream.Fuzz.Tests;

/// <summary>
/// One bad request: how to build it (fresh each time), which statuses are right for it (DESIGN §3), and for 400s the
/// field the problem must name (null: any field, as long as one is named).
/// </summary>
public sealed record FuzzCase(string Category, string Description, Func<HttpRequestMessage> Build, IReadOnlySet<int> Expected, string? Field = null)
{
    public override string ToString() => $"{Category}: {Description}";
}
