namespace Splitstream.Ingest;

/// <summary>One invalid field of a request, named as a client would address it: <c>samples[3].lat</c>.</summary>
public sealed record FieldError(string Field, string Message);
