namespace Splitstream.Simulator.Tests;

/// <summary>A request the fake gateway received, with the user and role of its token and the status it answered.</summary>
public sealed record RecordedRequest(long Sequence, string Path, string Body, string? UserId, string? Role, int Status);
