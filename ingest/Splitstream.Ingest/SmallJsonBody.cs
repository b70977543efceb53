namespace Splitstream.Ingest;

/// <summary>
/// Endpoint metadata of a route whose body is a small bound JSON record (start, event, manual activity):
/// <see cref="SmallJsonBodyMiddleware"/> reads at most <see cref="MaxBytes"/> of it before the binder does.
/// </summary>
/// <param name="What">How a 413 names the body: "an activity start".</param>
public sealed record SmallJsonBody(int MaxBytes, string What);
