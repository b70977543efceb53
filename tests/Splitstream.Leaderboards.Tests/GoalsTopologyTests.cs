using Splitstream.Schemas.V1;

namespace Splitstream.Leaderboards.Tests;

/// <summary>The goals topology on the test driver: progress, GoalAchieved exactly once per goal period under duplicates, replays and restores.</summary>
public sealed class GoalsTopologyTests
{
    private static readonly long SetOnMonday = new DateTimeOffset(2026, 11, 16, 6, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void A_distance_goal_is_achieved_once_with_sport_country_period_and_a_deterministic_id()
    {
        using var pipeline = new Pipeline();
        pipeline.PipeGoals("ann", 1, SetOnMonday, Pipeline.Distance("run", 10_000));
        pipeline.Pipe(Summaries.Of("a1", "ann", 4_000, Summaries.Week47, country: "NO"));
        pipeline.Pipe(Summaries.Of("a2", "ann", 3_000, Summaries.Week47.AddDays(1), country: "NO"));
        Assert.True(pipeline.Notifications.IsEmpty);

        pipeline.Pipe(Summaries.Of("a2", "ann", 6_500, Summaries.Week47.AddDays(1), country: "NO"));
        pipeline.Pipe(Summaries.Of("a2", "ann", 8_000, Summaries.Week47.AddDays(1), country: "NO"));

        var sent = Assert.Single(pipeline.Notifications.ReadRecords());
        Assert.Equal("goal-achieved:ann:distance:run:week:2026-W47", sent.Key);
        Assert.Equal(sent.Key, sent.Value.NotificationId);
        var achieved = sent.Value.GoalAchieved;
        Assert.Equal(("ann", "distance:run:week", "run", "NO", "week", "2026-W47", "distance", 10_000.0, 10_500.0),
            (achieved.UserId, achieved.GoalId, achieved.Sport, achieved.Country, achieved.Period, achieved.PeriodKey, achieved.Kind, achieved.Target,
             achieved.AchievedValue));
        Assert.Equal(Summaries.Week47.AddDays(1).AddMinutes(30).ToUnixTimeMilliseconds(), achieved.AchievedAtMs);
        var progress = pipeline.Progress.ReadKeyValuesToMap()["ann|distance:run:week|2026-W47"];
        Assert.Equal((12_000.0, 10_000.0, 2, true), (progress.Value, progress.Target, progress.Activities, progress.Achieved));
    }

    [Fact]
    public void Duplicates_replays_and_restores_never_send_the_notification_again()
    {
        var input = new[]
        {
            Summaries.Of("a1", "ann", 6_000, Summaries.Week47),
            Summaries.Of("a2", "ann", 5_000, Summaries.Week47.AddDays(2)),
            Summaries.Of("a3", "ann", 2_000, Summaries.Week47.AddDays(3)),
        };
        using var first = new Pipeline();
        first.PipeGoals("ann", 1, SetOnMonday, Pipeline.Distance("run", 10_000));
        foreach (var summary in input)
        {
            first.Pipe(summary);
        }
        Assert.Single(first.Notifications.ReadRecords());

        foreach (var summary in input.Concat(input))
        {
            first.Pipe(summary);
        }
        first.PipeGoals("ann", 1, SetOnMonday, Pipeline.Distance("run", 10_000));
        Assert.True(first.Notifications.IsEmpty, "a duplicate re-sent the notification");

        // Restarted from the changelogs, everything since the last commit (here: all of it) is read again.
        using var restarted = first.Restart();
        restarted.PipeGoals("ann", 1, SetOnMonday, Pipeline.Distance("run", 10_000));
        foreach (var summary in input)
        {
            restarted.Pipe(summary);
        }
        Assert.True(restarted.Notifications.IsEmpty, "a replay over restored state re-sent the notification");

        // Even an activity that drops below and climbs back over the target doesn't re-send it: once per goal period.
        restarted.Pipe(Summaries.Of("a2", "ann", 1_000, Summaries.Week47.AddDays(2)));
        restarted.Pipe(Summaries.Of("a2", "ann", 5_000, Summaries.Week47.AddDays(2)));
        Assert.True(restarted.Notifications.IsEmpty);
        Assert.True(restarted.Progress.ReadKeyValuesToMap()["ann|distance:run:week|2026-W47"].Achieved);
    }

    [Fact]
    public void A_crash_before_the_mark_was_committed_re_sends_only_the_identical_keyed_record()
    {
        var input = new[] { Summaries.Of("a1", "ann", 6_000, Summaries.Week47), Summaries.Of("a2", "ann", 5_000, Summaries.Week47.AddDays(2)) };
        using var first = new Pipeline();
        first.PipeGoals("ann", 1, SetOnMonday, Pipeline.Distance("run", 10_000));
        first.Pipe(input[0]);
        // The instance restarts from the changelogs as they were before the second summary.
        using var beforeCrash = first.Restart();
        first.Pipe(input[1]);
        var original = Assert.Single(first.Notifications.ReadRecords());

        beforeCrash.Pipe(input[1]);
        var resent = Assert.Single(beforeCrash.Notifications.ReadRecords());

        Assert.Equal(original.Key, resent.Key);
        Assert.Equal(original.Value, resent.Value);
    }

    [Fact]
    public void Duration_and_volume_goals_sum_moving_time_and_kg_lifted_and_a_strength_session_counts_for_frequency()
    {
        using var pipeline = new Pipeline();
        pipeline.PipeGoals("gus", 1, SetOnMonday, Pipeline.Duration("run", 3_600), Pipeline.Volume("strength", 5_000), Pipeline.Frequency("strength", 2));
        pipeline.Pipe(Moved(Summaries.Of("r1", "gus", 5_000, Summaries.Week47), 1_800));
        pipeline.Pipe(Lifted(Summaries.Of("s1", "gus", 0, Summaries.Week47, sport: "strength"), 2_700, 2_940));
        Assert.True(pipeline.Notifications.IsEmpty);

        pipeline.Pipe(Moved(Summaries.Of("r2", "gus", 4_000, Summaries.Week47.AddDays(1)), 1_800));
        pipeline.Pipe(Lifted(Summaries.Of("s2", "gus", 0, Summaries.Week47.AddDays(1), sport: "strength"), 1_200, 3_500));

        var achieved = pipeline.Notifications.ReadRecords().Select(r => r.Value.GoalAchieved).ToDictionary(a => a.GoalId);
        Assert.Equal((3_600.0, 3_600.0), (achieved["duration:run:week"].Target, achieved["duration:run:week"].AchievedValue));
        Assert.Equal((5_000.0, 6_440.0), (achieved["volume:strength:week"].Target, achieved["volume:strength:week"].AchievedValue));
        Assert.Equal((2.0, 2.0), (achieved["frequency:strength:week"].Target, achieved["frequency:strength:week"].AchievedValue));
    }

    private static ActivitySummary Moved(ActivitySummary summary, double movingTimeS)
    {
        summary.MovingTimeS = movingTimeS;
        return summary;
    }

    private static ActivitySummary Lifted(ActivitySummary summary, double movingTimeS, double volumeKg)
    {
        summary.MovingTimeS = movingTimeS;
        summary.VolumeKg = volumeKg;
        summary.Manual = true;
        return summary;
    }

    [Fact]
    public void A_frequency_goal_counts_activities_of_its_sport_in_the_period()
    {
        using var pipeline = new Pipeline();
        pipeline.PipeGoals("bob", 1, SetOnMonday, Pipeline.Frequency("run", 3));
        pipeline.Pipe(Summaries.Of("r1", "bob", 5_000, Summaries.Week47));
        pipeline.Pipe(Summaries.Of("r2", "bob", 4_000, Summaries.Week47.AddDays(1)));
        pipeline.Pipe(Summaries.Of("r2", "bob", 4_500, Summaries.Week47.AddDays(1))); // the same run, grown: still two runs
        pipeline.Pipe(Summaries.Of("x1", "bob", 30_000, Summaries.Week47.AddDays(1), sport: "ride"));
        Assert.True(pipeline.Notifications.IsEmpty);

        pipeline.Pipe(Summaries.Of("r3", "bob", 3_000, Summaries.Week47.AddDays(2)));
        pipeline.Pipe(Summaries.Of("r4", "bob", 3_000, Summaries.Week47.AddDays(3)));

        var achieved = Assert.Single(pipeline.Notifications.ReadRecords()).Value.GoalAchieved;
        Assert.Equal(("frequency:run:week", 3.0, 3.0), (achieved.GoalId, achieved.Target, achieved.AchievedValue));
        Assert.Equal(4.0, pipeline.Progress.ReadKeyValuesToMap()["bob|frequency:run:week|2026-W47"].Value);
    }

    [Fact]
    public void Each_period_is_achieved_once_and_periods_before_the_goal_was_set_are_never_notified()
    {
        using var pipeline = new Pipeline();
        // Week 46 happened before the goal existed.
        pipeline.Pipe(Summaries.Of("old", "cat", 12_000, Summaries.Week47.AddDays(-7)));
        pipeline.PipeGoals("cat", 1, SetOnMonday, Pipeline.Distance("run", 10_000));
        Assert.True(pipeline.Notifications.IsEmpty);

        pipeline.Pipe(Summaries.Of("w47", "cat", 11_000, Summaries.Week47));
        pipeline.Pipe(Summaries.Of("w48", "cat", 10_000, Summaries.Week47.AddDays(7)));
        pipeline.Pipe(Summaries.Of("w48b", "cat", 10_000, Summaries.Week47.AddDays(8)));

        Assert.Equal(["goal-achieved:cat:distance:run:week:2026-W47", "goal-achieved:cat:distance:run:week:2026-W48"],
            pipeline.Notifications.ReadRecords().Select(r => r.Key));
    }

    [Fact]
    public void An_older_goal_revision_is_ignored_and_a_newer_one_re_evaluates_the_period()
    {
        using var pipeline = new Pipeline();
        pipeline.Pipe(Summaries.Of("a1", "dan", 7_000, Summaries.Week47));
        pipeline.PipeGoals("dan", 2, SetOnMonday, Pipeline.Distance("run", 20_000));
        pipeline.PipeGoals("dan", 1, SetOnMonday, Pipeline.Distance("run", 5_000)); // published late by another instance
        Assert.True(pipeline.Notifications.IsEmpty);

        pipeline.PipeGoals("dan", 3, SetOnMonday, Pipeline.Distance("run", 6_000));

        Assert.Equal(6_000.0, Assert.Single(pipeline.Notifications.ReadRecords()).Value.GoalAchieved.Target);
    }

    [Fact]
    public void A_target_raised_before_it_was_reached_is_achieved_once_and_only_at_the_new_target()
    {
        using var pipeline = new Pipeline();
        pipeline.PipeGoals("gus", 1, SetOnMonday, Pipeline.Distance("run", 10_000));
        pipeline.Pipe(Summaries.Of("a1", "gus", 8_000, Summaries.Week47));
        pipeline.PipeGoals("gus", 2, SetOnMonday, Pipeline.Distance("run", 15_000));

        // Past the old target, short of the new one: not achieved.
        pipeline.Pipe(Summaries.Of("a2", "gus", 4_000, Summaries.Week47.AddDays(1)));
        Assert.True(pipeline.Notifications.IsEmpty, "the old target of a raised goal was notified");
        Assert.False(pipeline.Progress.ReadKeyValuesToMap()["gus|distance:run:week|2026-W47"].Achieved);

        pipeline.Pipe(Summaries.Of("a3", "gus", 4_000, Summaries.Week47.AddDays(2)));
        pipeline.Pipe(Summaries.Of("a4", "gus", 4_000, Summaries.Week47.AddDays(3)));

        var achieved = Assert.Single(pipeline.Notifications.ReadRecords()).Value.GoalAchieved;
        Assert.Equal(("2026-W47", 15_000.0, 16_000.0), (achieved.PeriodKey, achieved.Target, achieved.AchievedValue));
    }

    [Fact]
    public void A_target_raised_after_it_was_reached_is_not_notified_again_in_that_period_but_is_in_the_next()
    {
        using var pipeline = new Pipeline();
        pipeline.PipeGoals("hal", 1, SetOnMonday, Pipeline.Distance("run", 10_000));
        pipeline.Pipe(Summaries.Of("a1", "hal", 11_000, Summaries.Week47));
        Assert.Equal(10_000.0, Assert.Single(pipeline.Notifications.ReadRecords()).Value.GoalAchieved.Target);

        pipeline.PipeGoals("hal", 2, SetOnMonday, Pipeline.Distance("run", 15_000));
        pipeline.Pipe(Summaries.Of("a2", "hal", 5_000, Summaries.Week47.AddDays(1)));

        Assert.True(pipeline.Notifications.IsEmpty, "a raised target re-sent the period's notification");
        var progress = pipeline.Progress.ReadKeyValuesToMap()["hal|distance:run:week|2026-W47"];
        Assert.Equal((16_000.0, 15_000.0, true), (progress.Value, progress.Target, progress.Achieved));

        // Once per goal period: the next week is a new period, notified at the raised target.
        pipeline.Pipe(Summaries.Of("w48", "hal", 15_000, Summaries.Week47.AddDays(7)));
        var next = Assert.Single(pipeline.Notifications.ReadRecords()).Value.GoalAchieved;
        Assert.Equal(("2026-W48", 15_000.0), (next.PeriodKey, next.Target));
    }

    [Theory]
    [InlineData(10_000.0)]
    [InlineData(12_000.0)]
    public void A_goal_deleted_and_re_created_in_the_same_period_is_not_notified_again(double recreatedTarget)
    {
        using var pipeline = new Pipeline();
        var tuesday = SetOnMonday + (long)TimeSpan.FromDays(1).TotalMilliseconds;
        pipeline.PipeGoals("ida", 1, SetOnMonday, Pipeline.Distance("run", 10_000));
        pipeline.Pipe(Summaries.Of("a1", "ida", 10_500, Summaries.Week47));
        Assert.Single(pipeline.Notifications.ReadRecords());

        pipeline.PipeGoals("ida", 2, tuesday); // deleted: the user's goal set is empty
        pipeline.Pipe(Summaries.Of("a2", "ida", 3_000, Summaries.Week47.AddDays(1)));
        pipeline.PipeGoals("ida", 3, tuesday, Pipeline.Distance("run", recreatedTarget)); // re-created, same goal id
        pipeline.Pipe(Summaries.Of("a3", "ida", 2_000, Summaries.Week47.AddDays(2)));

        Assert.True(pipeline.Notifications.IsEmpty, "a re-created goal re-sent the period's notification");
        var progress = pipeline.Progress.ReadKeyValuesToMap()["ida|distance:run:week|2026-W47"];
        Assert.Equal((15_500.0, recreatedTarget, true), (progress.Value, progress.Target, progress.Achieved));
    }

    [Fact]
    public void A_goal_deleted_before_it_was_reached_and_re_created_is_notified_once_when_reached()
    {
        using var pipeline = new Pipeline();
        var tuesday = SetOnMonday + (long)TimeSpan.FromDays(1).TotalMilliseconds;
        pipeline.PipeGoals("jon", 1, SetOnMonday, Pipeline.Distance("run", 10_000));
        pipeline.Pipe(Summaries.Of("a1", "jon", 6_000, Summaries.Week47));
        pipeline.PipeGoals("jon", 2, tuesday);
        // Reached while there was no goal: nothing to notify.
        pipeline.Pipe(Summaries.Of("a2", "jon", 6_000, Summaries.Week47.AddDays(1)));
        Assert.True(pipeline.Notifications.IsEmpty);

        // Re-created already reached: notified at once, and only once however the period goes on.
        pipeline.PipeGoals("jon", 3, tuesday, Pipeline.Distance("run", 10_000));
        pipeline.Pipe(Summaries.Of("a3", "jon", 6_000, Summaries.Week47.AddDays(2)));
        pipeline.PipeGoals("jon", 4, tuesday);
        pipeline.PipeGoals("jon", 5, tuesday, Pipeline.Distance("run", 10_000));

        var achieved = Assert.Single(pipeline.Notifications.ReadRecords()).Value.GoalAchieved;
        Assert.Equal(("2026-W47", 12_000.0), (achieved.PeriodKey, achieved.AchievedValue));
    }

    [Fact]
    public void The_stored_achieved_at_is_the_same_whatever_summaries_and_order_the_activities_came_in()
    {
        var monday = Summaries.Week47;
        var tuesday = Summaries.Week47.AddDays(1);
        // Live and on time: a1, then a2 seen through three running summaries; the target is first seen reached 20 min in.
        using var live = new Pipeline();
        live.PipeGoals("ann", 1, SetOnMonday, Pipeline.Distance("run", 10_000));
        live.Pipe(Summaries.Of("a1", "ann", 6_000, monday));
        live.Pipe(Summaries.Of("a2", "ann", 2_000, tuesday, duration: TimeSpan.FromMinutes(10)));
        live.Pipe(Summaries.Of("a2", "ann", 4_500, tuesday, duration: TimeSpan.FromMinutes(20)));
        live.Pipe(Summaries.Of("a2", "ann", 6_000, tuesday, duration: TimeSpan.FromMinutes(30)));
        // Synced late: a2's final summary first, then a1 from the day before.
        using var late = new Pipeline();
        late.PipeGoals("ann", 1, SetOnMonday, Pipeline.Distance("run", 10_000));
        late.Pipe(Summaries.Of("a2", "ann", 6_000, tuesday, duration: TimeSpan.FromMinutes(30)));
        late.Pipe(Summaries.Of("a1", "ann", 6_000, monday));

        const string key = "ann|distance:run:week|2026-W47";
        var expected = tuesday.AddMinutes(30).ToUnixTimeMilliseconds();
        foreach (var pipeline in new[] { live, late })
        {
            var progress = pipeline.Progress.ReadKeyValuesToMap()[key];
            Assert.Equal((true, expected), (progress.Achieved, progress.AchievedAtMs));
        }
        // The notification went once, when the target was first seen reached.
        Assert.Equal(tuesday.AddMinutes(20).ToUnixTimeMilliseconds(), Assert.Single(live.Notifications.ReadRecords()).Value.GoalAchieved.AchievedAtMs);
        Assert.Equal(expected, Assert.Single(late.Notifications.ReadRecords()).Value.GoalAchieved.AchievedAtMs);
    }

    [Fact]
    public void A_yearly_goal_sums_the_calendar_year_in_UTC()
    {
        using var pipeline = new Pipeline();
        pipeline.PipeGoals("eve", 1, SetOnMonday, Pipeline.Distance("ride", 100_000, "year"));
        pipeline.Pipe(Summaries.Of("r1", "eve", 60_000, Summaries.Week47, sport: "ride"));
        // 2027-01-01 00:30 UTC is 2026-W53 but the year 2027: it doesn't count towards 2026.
        pipeline.Pipe(Summaries.Of("r2", "eve", 50_000, new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.Zero), sport: "ride"));
        Assert.True(pipeline.Notifications.IsEmpty);

        pipeline.Pipe(Summaries.Of("r3", "eve", 40_000, new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero), sport: "ride"));

        Assert.Equal("goal-achieved:eve:distance:ride:year:2026", Assert.Single(pipeline.Notifications.ReadRecords()).Key);
        var progress = pipeline.Progress.ReadKeyValuesToMap();
        Assert.Equal(100_000.0, progress["eve|distance:ride:year|2026"].Value);
        Assert.Equal(50_000.0, progress["eve|distance:ride:year|2027"].Value);
    }

    [Fact]
    public void An_activity_whose_sport_changes_leaves_the_progress_of_its_old_sport()
    {
        using var pipeline = new Pipeline();
        pipeline.PipeGoals("fay", 1, SetOnMonday, Pipeline.Frequency("run", 3));
        pipeline.Pipe(Summaries.Of("a1", "fay", 5_000, Summaries.Week47));
        pipeline.Pipe(Summaries.Of("a2", "fay", 5_000, Summaries.Week47.AddDays(1)));
        Assert.Equal(2.0, pipeline.Progress.ReadKeyValuesToMap()["fay|frequency:run:week|2026-W47"].Value);

        pipeline.Pipe(Summaries.Of("a2", "fay", 5_000, Summaries.Week47.AddDays(1), sport: "walk"));

        Assert.Equal(1.0, pipeline.Progress.ReadKeyValuesToMap()["fay|frequency:run:week|2026-W47"].Value);
    }
}
