using Splitstream.Schemas;

namespace Splitstream.Platform.Tests;

/// <summary>DESIGN §11 on a real cluster: lifecycle and registry topics kept or compacted, telemetry aged out by the setting, changelogs compacted.</summary>
public sealed class TopicRetentionTests
{
    private static readonly TimeSpan Telemetry = TimeSpan.FromDays(30);

    [Theory]
    [InlineData(Topics.ActivityEvents, "delete", "-1")]
    [InlineData(Topics.Gps, "delete", "2592000000")]
    [InlineData(Topics.HeartRate, "delete", "2592000000")]
    [InlineData(Topics.ActivityMetrics, "delete", "2592000000")]
    [InlineData(Topics.DeadLetter, "delete", "2592000000")]
    [InlineData(Topics.BoardContributions, "delete", "2592000000")]
    [InlineData(Topics.ActivitySummary, "compact", null)]
    [InlineData(Topics.Leaderboards, "compact", null)]
    [InlineData(Topics.RaceStandings, "compact", null)]
    [InlineData(Topics.Goals, "compact", null)]
    [InlineData(Topics.GoalProgress, "compact", null)]
    [InlineData(Topics.Schemas, "compact", null)]
    public void Each_catalogue_topic_is_created_with_the_retention_of_its_role(string topic, string cleanupPolicy, string? retentionMs)
    {
        var configs = AdminTopicProvisioner.ConfigsOf(TopicCatalog.All().Single(t => t.Name == topic), Telemetry);

        Assert.Equal(cleanupPolicy, configs["cleanup.policy"]);
        Assert.Equal(retentionMs, configs.GetValueOrDefault("retention.ms"));
    }

    [Fact]
    public void The_activity_registry_topic_is_never_aged_out_by_size_either() =>
        Assert.Equal("-1", AdminTopicProvisioner.ConfigsOf(TopicCatalog.All().Single(t => t.Name == Topics.ActivityEvents), Telemetry)["retention.bytes"]);

    [Fact]
    public void Changelogs_of_the_topologies_are_compacted() =>
        // As KafkaStreamsRuntime provisions them.
        Assert.Equal("compact", AdminTopicProvisioner.ConfigsOf(new TopicSpec(Topics.Changelog("app", "store"), 12, Compacted: true), Telemetry)["cleanup.policy"]);

    [Fact]
    public void Telemetry_retention_follows_the_setting() =>
        Assert.Equal("604800000", AdminTopicProvisioner.ConfigsOf(TopicCatalog.All().Single(t => t.Name == Topics.Gps), TimeSpan.FromDays(7))["retention.ms"]);
}
