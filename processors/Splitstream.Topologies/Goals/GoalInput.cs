using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Goals;

/// <summary>Either input of the goals topology, both keyed by user id: a user's goal set, or one of their activities.</summary>
internal sealed record GoalInput(UserGoals? Goals, UserActivity? Activity);
