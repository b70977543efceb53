using Splitstream.Processors.Notifications;
using Splitstream.Schemas;
using Splitstream.Schemas.V1;
using Splitstream.Streams;
using static Splitstream.Notifications.Tests.ReminderDriver;

namespace Splitstream.Notifications.Tests;

public sealed class NotificationTopologyTests
{
    private const string Auckland = "Pacific/Auckland";
    private const string LosAngeles = "America/Los_Angeles";

    [Fact]
    public void A_finished_activity_is_announced_once_with_its_whole_summary_through_duplicates_and_a_restart()
    {
        using var first = new ReminderDriver(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
        var summary = Activity("u1", "a1", "run", new DateTimeOffset(2026, 11, 20, 7, 0, 0, TimeSpan.Zero), 10_000, TimeSpan.FromMinutes(50));
        first.Finish(summary);
        first.Finish(summary);
        var sent = Assert.Single(first.Read());
        Assert.Equal("activity-finished:u1:a1", sent.NotificationId);
        Assert.Equal(NotificationTypes.ActivityFinished, sent.Type);
        Assert.Equal(summary.LastSampleMs, sent.OccurredAtMs);
        Assert.Equal(summary, ActivitySummary.Parser.ParseFrom(sent.ActivityFinished.Summary));
        var json = System.Text.Json.Nodes.JsonNode.Parse(NotificationJson.Render(sent))!;
        Assert.Equal(10_000, json["data"]!["summary"]!["distance_m"]!.GetValue<double>());
        Assert.Equal(300, json["data"]!["summary"]!["splits"]![0]!["time_s"]!.GetValue<double>());

        using var restarted = new ReminderDriver(first.Now, restoreFrom: first);
        restarted.Finish(summary);
        var corrected = summary.Clone();
        corrected.DistanceM = 10_050;
        restarted.Finish(corrected);
        Assert.Empty(restarted.Read());
    }

    [Fact]
    public void A_race_finish_and_a_longer_run_than_ever_are_announced_once_each()
    {
        using var driver = new ReminderDriver(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
        var day = new DateTimeOffset(2026, 11, 16, 7, 0, 0, TimeSpan.Zero);
        driver.Finish(Activity("u2", "a1", "run", day, 8_000, TimeSpan.FromMinutes(40)));
        driver.Finish(Activity("u2", "a2", "run", day.AddDays(1), 21_100, TimeSpan.FromMinutes(110), raceId: "city-half"));
        driver.Finish(Activity("u2", "a2", "run", day.AddDays(1), 21_100, TimeSpan.FromMinutes(110), raceId: "city-half"));
        var sent = driver.Read();
        var race = Assert.Single(sent, n => n.Type == NotificationTypes.RaceFinished);
        Assert.Equal("race-finished:u2:city-half", race.NotificationId);
        Assert.Equal(21_100, race.RaceFinished.DistanceM);
        var best = Assert.Single(sent, n => n.Type == NotificationTypes.PersonalBest);
        Assert.Equal("longest_distance", best.PersonalBest.Effort);
        Assert.Equal(("a2", 21_100d, "a1", 8_000d),
            (best.PersonalBest.ActivityId, best.PersonalBest.DistanceM, best.PersonalBest.PreviousActivityId, best.PersonalBest.PreviousDistanceM));
        Assert.Equal(2, sent.Count(n => n.Type == NotificationTypes.ActivityFinished));
    }

    [Fact]
    public void The_weekly_summary_comes_on_each_users_local_Monday_with_last_weeks_totals_against_the_four_before()
    {
        using var driver = new ReminderDriver(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero)); // Sun 22:00 Auckland, Sun 01:00 LA
        driver.Settings("nz", Auckland, weekly: true);
        driver.Settings("la", LosAngeles, weekly: true);
        foreach (var (user, zone) in new[] { ("nz", Auckland), ("la", LosAngeles) })
        {
            // One 10 km run in each of the four weeks before (W44–W47): an average of 10 km.
            for (var week = 1; week <= 4; week++)
            {
                driver.Finish(Activity(user, $"{user}-old-{week}", "run", Local(zone, 2026, 11, 18, 7).AddDays(-7 * (week - 1)), 10_000, TimeSpan.FromMinutes(50)));
            }
            // Week W48 (Mon 23 – Sun 29 Nov, local): 5 km on Tuesday, a 20 km ride on Saturday, 5 km on Sunday evening.
            driver.Finish(Activity(user, $"{user}-tue", "run", Local(zone, 2026, 11, 24, 7), 5_000, TimeSpan.FromMinutes(25)));
            driver.Finish(Activity(user, $"{user}-sat", "ride", Local(zone, 2026, 11, 28, 9), 20_000, TimeSpan.FromMinutes(45)));
            driver.Finish(Activity(user, $"{user}-sun", "run", Local(zone, 2026, 11, 29, 18), 5_000, TimeSpan.FromMinutes(25)));
        }
        Assert.DoesNotContain(driver.Read(), n => n.Type == NotificationTypes.WeeklySummary);

        driver.AdvanceTo(new DateTimeOffset(2026, 11, 29, 11, 30, 0, TimeSpan.Zero)); // Mon 00:30 in Auckland, still Sunday in LA
        var nz = Assert.Single(driver.Read(), n => n.Type == NotificationTypes.WeeklySummary);
        Assert.Equal(("nz", "weekly-summary:nz:2026-W48", "2026-W48"), (nz.UserId, nz.NotificationId, nz.PeriodKey));
        AssertWeek(nz.WeeklySummary, Auckland);

        driver.AdvanceTo(new DateTimeOffset(2026, 11, 30, 8, 30, 0, TimeSpan.Zero)); // Mon 00:30 in LA
        var la = Assert.Single(driver.Read(), n => n.Type == NotificationTypes.WeeklySummary);
        Assert.Equal(("la", "2026-W48"), (la.UserId, la.PeriodKey));
        // LA's Sunday-evening run is Monday in UTC, yet it counts in LA's week.
        AssertWeek(la.WeeklySummary, LosAngeles);

        driver.AdvanceTo(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
        Assert.DoesNotContain(driver.Read(), n => n.Type == NotificationTypes.WeeklySummary);
        using var restarted = new ReminderDriver(driver.Now, restoreFrom: driver);
        restarted.AdvanceTo(driver.Now.AddDays(1));
        Assert.DoesNotContain(restarted.Read(), n => n.Type == NotificationTypes.WeeklySummary);
    }

    private static void AssertWeek(WeeklySummary week, string zone)
    {
        Assert.Equal(zone, week.TimeZone);
        Assert.Equal(Local(zone, 2026, 11, 23, 0).ToUnixTimeMilliseconds(), week.WeekStartMs);
        Assert.Equal(Local(zone, 2026, 11, 30, 0).ToUnixTimeMilliseconds(), week.WeekEndMs);
        Assert.Equal(3, week.Activities);
        Assert.Equal(30_000, week.DistanceM);
        Assert.Equal(10_000, week.PreviousFourWeeksAvgDistanceM);
        Assert.Equal(1, week.PreviousFourWeeksAvgActivities);
        Assert.Equal(200, week.DistanceChangePercent, 6);
        Assert.Equal(2, week.StreakDays); // Saturday and Sunday
        Assert.Equal(new[] { "ride", "run" }, week.BySport.Select(s => s.Sport));
        Assert.Equal(10_000, week.BySport.Single(s => s.Sport == "run").DistanceM);
        // The 20 km ride is the first ride (no news), no run beat 10 km: no personal bests this week.
        Assert.Empty(week.PersonalBests);
    }

    [Fact]
    public void Inactivity_is_reminded_once_per_stretch_after_the_users_number_of_days()
    {
        const string berlin = "Europe/Berlin";
        var last = Local(berlin, 2026, 11, 10, 18);
        using var driver = new ReminderDriver(last.AddHours(2));
        driver.Settings("idle", berlin, inactivityDays: 3);
        driver.Finish(Activity("idle", "i1", "walk", last, 3_000, TimeSpan.FromMinutes(40)));
        driver.Read();

        driver.AdvanceTo(last.AddDays(3).AddMinutes(-10));
        Assert.Empty(driver.Read());
        driver.AdvanceTo(last.AddDays(5));
        var reminder = Assert.Single(driver.Read());
        Assert.Equal(("inactivity:idle:2026-11-10", NotificationTypes.Inactivity, 3), (reminder.NotificationId, reminder.Type, reminder.Inactivity.Days));
        Assert.Equal("i1", reminder.Inactivity.LastActivityId);

        using var restarted = new ReminderDriver(driver.Now, restoreFrom: driver);
        restarted.AdvanceTo(driver.Now.AddDays(1));
        Assert.Empty(restarted.Read());
        restarted.Finish(Activity("idle", "i2", "walk", restarted.Now, 3_000, TimeSpan.FromMinutes(40)));
        restarted.AdvanceTo(restarted.Now.AddDays(4));
        var next = Assert.Single(restarted.Read(), n => n.Type == NotificationTypes.Inactivity);
        Assert.NotEqual(reminder.PeriodKey, next.PeriodKey);
    }

    [Fact]
    public void A_correction_that_moves_the_newest_activity_back_dates_the_inactivity_reminder_from_the_one_now_newest()
    {
        var first = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        using var driver = new ReminderDriver(first.AddHours(1));
        driver.Settings("fix", "UTC", inactivityDays: 3);
        driver.Finish(FiveK("fix", "f1", first));
        driver.Finish(FiveK("fix", "f2", first.AddDays(1)));
        // f2 was synced with a wrong clock: corrected, it started the day before f1.
        driver.Finish(FiveK("fix", "f2", first.AddDays(-1)));
        driver.Read();

        driver.AdvanceTo(first.AddDays(3).AddMinutes(40));
        var reminder = Assert.Single(driver.Read());
        Assert.Equal(("inactivity:fix:2026-11-10", "f1"), (reminder.NotificationId, reminder.Inactivity.LastActivityId));
        Assert.Equal(first.AddMinutes(30).ToUnixTimeMilliseconds(), reminder.Inactivity.LastActivityAtMs);
    }

    [Fact]
    public void Activities_older_than_the_retention_are_forgotten_but_the_newest_is_kept_through_a_restart()
    {
        var start = new DateTimeOffset(2025, 10, 1, 8, 0, 0, TimeSpan.Zero);
        using var driver = new ReminderDriver(start.AddHours(1));
        driver.Settings("old", "UTC", inactivityDays: 0);
        driver.Finish(FiveK("old", "o1", start));
        driver.Finish(FiveK("old", "o2", start.AddDays(1)));
        driver.Finish(FiveK("recent", "r1", start.AddDays(200)));
        driver.Driver.AdvanceWallClockTime(TimeSpan.FromDays(403)); // one reminder pass, 403 days on

        string[] Stored(ReminderDriver d) => [.. d.Driver.GetStateStore<IKeyValueStore<string, NotifiedActivity>>(NotificationsTopology.ActivityStore)
            .All().Select(e => e.Key).Order(StringComparer.Ordinal)];
        Assert.Equal(["old|o2", "recent|r1"], Stored(driver));

        using var restarted = new ReminderDriver(driver.Now, restoreFrom: driver);
        restarted.Settings("old", "UTC", inactivityDays: 30, revision: 2);
        restarted.AdvanceTo(restarted.Now.AddMinutes(5));
        var reminder = Assert.Single(restarted.Read(), n => n.UserId == "old");
        Assert.Equal("o2", reminder.Inactivity.LastActivityId);
        Assert.Equal(["old|o2", "recent|r1"], Stored(restarted));
    }

    [Fact]
    public void A_goal_is_at_risk_once_when_its_local_week_is_ending_below_the_users_threshold()
    {
        const string tokyo = "Asia/Tokyo";
        using var driver = new ReminderDriver(Local(tokyo, 2026, 11, 23, 9)); // Monday of 2026-W48 in Tokyo
        driver.Settings("g", tokyo, atRiskPercent: 50);
        driver.Goals(new UserGoals
        {
            UserId = "g", Revision = 1,
            Goals = { new GoalDefinition { GoalId = "distance:run:week", Sport = "run", Kind = "distance", Period = "week", TargetDistanceM = 20_000,
                CreatedAtMs = Local(tokyo, 2026, 11, 1, 0).ToUnixTimeMilliseconds() } },
        });
        driver.Finish(Activity("g", "g1", "run", Local(tokyo, 2026, 11, 24, 6), 5_000, TimeSpan.FromMinutes(30)));
        driver.Read();

        driver.AdvanceTo(Local(tokyo, 2026, 11, 27, 23)); // Friday 23:00: 49 h left
        Assert.Empty(driver.Read());
        driver.AdvanceTo(Local(tokyo, 2026, 11, 28, 6)); // Saturday morning: under 2 days left, 25% done
        var risk = Assert.Single(driver.Read());
        Assert.Equal("goal-at-risk:g:distance:run:week:2026-W48", risk.NotificationId);
        Assert.Equal((25d, 5_000d, 20_000d), (risk.GoalAtRisk.PercentDone, risk.GoalAtRisk.Value, risk.GoalAtRisk.Target));
        Assert.Equal(Local(tokyo, 2026, 11, 30, 0).ToUnixTimeMilliseconds(), risk.GoalAtRisk.PeriodEndsAtMs);

        using var restarted = new ReminderDriver(driver.Now, restoreFrom: driver);
        restarted.Finish(Activity("g", "g1", "run", Local(tokyo, 2026, 11, 24, 6), 5_000, TimeSpan.FromMinutes(30)));
        restarted.AdvanceTo(Local(tokyo, 2026, 11, 29, 22));
        Assert.DoesNotContain(restarted.Read(), n => n.Type == NotificationTypes.GoalAtRisk);
    }

    [Fact]
    public void A_goal_on_track_is_not_at_risk()
    {
        using var driver = new ReminderDriver(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        driver.Settings("ok", "UTC", atRiskPercent: 50);
        driver.Goals(new UserGoals
        {
            UserId = "ok", Revision = 1,
            Goals = { new GoalDefinition { GoalId = "frequency:run:week", Sport = "run", Kind = "frequency", Period = "week", TargetCount = 2 } },
        });
        driver.Finish(Activity("ok", "o1", "run", new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero), 5_000, TimeSpan.FromMinutes(30)));
        driver.AdvanceTo(new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.Zero));
        Assert.DoesNotContain(driver.Read(), n => n.Type == NotificationTypes.GoalAtRisk);
    }

    /// <summary>A 5 km run of 30 minutes.</summary>
    private static ActivitySummary FiveK(string user, string id, DateTimeOffset start) => Activity(user, id, "run", start, 5_000, TimeSpan.FromMinutes(30));
}
