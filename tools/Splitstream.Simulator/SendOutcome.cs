namespace Splitstream.Simulator;

/// <summary>The end of one request: result, final status (0 for a transport error), <c>accepted</c> of a 202, retries spent.</summary>
public sealed record SendOutcome(SendResult Result, int StatusCode, int? AcceptedSamples, int Retries, string? Problem);
