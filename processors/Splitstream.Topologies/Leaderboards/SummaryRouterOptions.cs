using Splitstream.Schemas;

namespace Splitstream.Processors.Leaderboards;

/// <summary>Topics of <see cref="SummaryRouterTopology"/>; tests give each run topics of their own.</summary>
public sealed record SummaryRouterOptions(string SummaryTopic, string ByBoardTopic, string ByUserTopic)
{
    public const string ApplicationId = "splitstream-summary-router";

    public static SummaryRouterOptions Default { get; } = Of(Topics.ActivitySummary, Topics.BoardContributions, Topics.UserActivities);

    public static SummaryRouterOptions Of(string summaryTopic, string byBoardTopic, string byUserTopic) => new(summaryTopic, byBoardTopic, byUserTopic);
}
