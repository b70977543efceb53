namespace Splitstream.Leaderboards.Tests;

/// <summary>The query API host with an embedded platform of its own: goal writes publish to goals.v1.</summary>
public sealed class PublishingQueryApiHost() : QueryApiHost(withPlatform: true);
