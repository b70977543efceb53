using Google.Protobuf;
using Splitstream.Schemas.V1;
using ActivityEvent = Splitstream.Schemas.V1.ActivityEvent;

namespace Splitstream.Store.Tests;

/// <summary>
/// The contract every store implementation keeps, run against SQLite and a real PostgreSQL server by the subclasses.
/// </summary>
public abstract class StoreContractTests
{
    protected abstract ISplitstreamStore Store { get; }

    /// <summary>The newest migration of the store's kind: the two are versioned apart (SQLite's points file has none on PostgreSQL).</summary>
    private int NewestVersion => Store is PostgresStore ? PostgresMigrations.All[^1].Version : SqliteMigrations.All[^1].Version;

    [Fact]
    public async Task Migrations_are_versioned_repeatable_and_seed_the_simulated_users()
    {
        await Store.MigrateAsync();
        await Store.MigrateAsync();

        Assert.Equal(NewestVersion, await Store.SchemaVersionAsync());
        Assert.Equal(new UserProfile("sim-1", "Simulated athlete 1", true), await Store.GetUserAsync("sim-1"));
        Assert.Equal(new UserProfile("sim-2", "Simulated athlete 2", false), await Store.GetUserAsync("sim-2"));
        Assert.True(await Store.AreFriendsAsync("sim-1", "sim-2"));
        Assert.True(await Store.AreFriendsAsync("sim-2", "sim-1"));
        Assert.False(await Store.AreFriendsAsync("sim-1", "sim-3"));
    }

    [Fact]
    public async Task Gps_points_round_trip_exactly_and_the_same_sample_twice_is_one_row()
    {
        var id = TestData.NewId();
        var track = TestData.Track(id, 5000);

        await Store.WriteGpsAsync(track);
        await Store.WriteGpsAsync(track);
        await Store.WriteGpsAsync(track.Skip(4000).Concat(track.Take(10)).ToList());

        Assert.Equal(track, await Store.GetGpsAsync(id));
    }

    [Fact]
    public async Task A_batch_holding_the_same_sample_twice_stores_it_once()
    {
        var id = TestData.NewId();
        var track = TestData.Track(id, 100);

        await Store.WriteGpsAsync(track.Concat(track).ToList());
        await Store.WriteHeartRateAsync(TestData.HeartRate(id, 50).Concat(TestData.HeartRate(id, 50)).ToList());

        Assert.Equal(track, await Store.GetGpsAsync(id));
        Assert.Equal(TestData.HeartRate(id, 50), await Store.GetHeartRateAsync(id));
    }

    [Fact]
    public async Task Totals_are_aggregated_per_sport_and_range_and_active_days_come_newest_first()
    {
        var user = TestData.NewId("totals");
        const long Day = 86_400_000, Monday = 1_795_000_000_000 / (7 * Day) * 7 * Day; // any fixed day
        await Store.UpsertSummariesAsync([
            TestData.Summary(TestData.NewId(), user, distanceM: 5_000, startedAtMs: Monday + Day + 1_000),
            TestData.Summary(TestData.NewId(), user, distanceM: 3_000, startedAtMs: Monday + Day + 2_000),
            TestData.Summary(TestData.NewId(), user, distanceM: 10_000, startedAtMs: Monday - 3 * Day),
            TestData.Summary(TestData.NewId(), user, distanceM: 40_000, sport: "ride", startedAtMs: Monday - 400 * Day),
        ]);
        var totals = (IActivityTotalsStore)Store;

        var sports = await totals.GetTotalsAsync(user, publicOnly: false, weekStartMs: Monday, yearStartMs: Monday - 10 * Day);

        Assert.Equal(["ride", "run"], sports.Select(s => s.Sport));
        Assert.Equal((0, 0.0, 0, 0.0, 1, 40_000.0), (sports[0].WeekCount, sports[0].WeekDistanceM, sports[0].YearCount, sports[0].YearDistanceM, sports[0].AllCount, sports[0].AllDistanceM));
        Assert.Equal((2, 8_000.0, 3, 18_000.0, 3, 18_000.0), (sports[1].WeekCount, sports[1].WeekDistanceM, sports[1].YearCount, sports[1].YearDistanceM, sports[1].AllCount, sports[1].AllDistanceM));
        Assert.Empty(await totals.GetTotalsAsync(user, publicOnly: true, Monday, Monday));
        var days = Monday / Day;
        Assert.Equal([days + 1, days - 3, days - 400], await totals.GetActiveDaysAsync(user, publicOnly: false, beforeDay: days + 2, limit: 10));
        Assert.Equal([days - 3], await totals.GetActiveDaysAsync(user, publicOnly: false, beforeDay: days + 1, limit: 1));
    }

    [Fact]
    public async Task Active_days_equal_distinct_days_of_the_start_times_for_every_page_boundary()
    {
        // More activities a day than a chunk of the streaming read holds per day, several at the same instant, a gap,
        // and one before the epoch (never a day of the streak): each (before, limit) must give what the start times give.
        var user = TestData.NewId("days");
        const long Day = 86_400_000, D = 20_500;
        long[] starts =
        [
            .. Enumerable.Range(0, 9).Select(i => D * Day + 3_600_000 + i % 3 * 60_000),
            (D - 1) * Day + 5,
            .. Enumerable.Repeat((D - 3) * Day + 7_200_000, 6),
            (D - 3) * Day,
            (D - 10) * Day + Day - 1,
            -Day,
        ];
        await Store.UpsertSummariesAsync([.. starts.Select(t => TestData.Summary(TestData.NewId(), user, startedAtMs: t))]);
        var totals = (IActivityTotalsStore)Store;

        for (var before = D - 12; before <= D + 2; before++)
        {
            for (var limit = 1; limit <= 6; limit++)
            {
                var expected = starts.Where(t => t >= 0 && t < before * Day).Select(t => t / Day).Distinct().OrderDescending().Take(limit);
                Assert.Equal(expected, await totals.GetActiveDaysAsync(user, publicOnly: false, before, limit));
            }
        }
    }

    [Fact]
    public async Task Totals_equal_a_recompute_after_summaries_are_replaced_and_redelivered()
    {
        var user = TestData.NewId("totals");
        const long Day = 86_400_000, Week = 20_000 * Day, Year = Week - 100 * Day;
        var ids = Enumerable.Range(0, 6).Select(_ => TestData.NewId()).ToList();
        string[] sports = ["run", "ride"];
        var first = ids.Select((id, i) => TestData.Summary(id, user, 1_200 + i * 300, sports[i % 2], startedAtMs: Week - (i - 2) * 30 * Day)).ToList();
        // Replacements move an activity across sports and ranges and change its figures; the last batch re-delivers them.
        // Distances are multiples of 300 m, so moving times (distance ÷ 3) are whole and the sums exact in any order.
        var second = first.Take(4).Select((s, i) => TestData.Summary(s.ActivityId, user, 6_000 + i * 300, sports[(i + 1) % 2], startedAtMs: Week + i * Day)).ToList();
        await Store.UpsertSummariesAsync(first);
        await Store.UpsertSummariesAsync(second);
        await Store.UpsertSummariesAsync(second);
        var final = second.Concat(first.Skip(4)).ToList();

        var actual = await ((IActivityTotalsStore)Store).GetTotalsAsync(user, publicOnly: false, Week, Year);

        var expected = final.GroupBy(s => s.Sport).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new SportTotalsRecord(g.Key,
            g.Count(s => s.StartedAtMs >= Week), g.Where(s => s.StartedAtMs >= Week).Sum(s => s.DistanceM), g.Where(s => s.StartedAtMs >= Week).Sum(s => s.MovingTimeS),
            g.Count(s => s.StartedAtMs >= Year), g.Where(s => s.StartedAtMs >= Year).Sum(s => s.DistanceM), g.Where(s => s.StartedAtMs >= Year).Sum(s => s.MovingTimeS),
            g.Count(), g.Sum(s => s.DistanceM), g.Sum(s => s.MovingTimeS)));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(null, null, 0, 600)]
    [InlineData(100, null, 100, 500)]
    [InlineData(null, 250, 0, 250)]
    [InlineData(100, 250, 100, 150)]
    public async Task Points_are_read_in_time_order_from_inclusive_to_exclusive(int? fromSecond, int? toSecond, int first, int count)
    {
        var id = TestData.NewId();
        var track = TestData.Track(id, 600);
        var heart = TestData.HeartRate(id, 600);
        // Written out of order and in two batches: the clustering key orders them.
        await Store.WriteGpsAsync(track.Skip(300).ToList());
        await Store.WriteGpsAsync(track.Take(300).Reverse().ToList());
        await Store.WriteHeartRateAsync(heart);
        var t0 = TestData.Start.ToUnixTimeMilliseconds();

        var from = fromSecond is { } f ? t0 + f * 1000L : (long?)null;
        var to = toSecond is { } t ? t0 + t * 1000L : (long?)null;

        Assert.Equal(track.Skip(first).Take(count), await Store.GetGpsAsync(id, from, to));
        Assert.Equal(heart.Skip(first).Take(count), await Store.GetHeartRateAsync(id, from, to));
    }

    [Fact]
    public async Task Points_of_other_activities_stay_apart()
    {
        var a = TestData.NewId();
        var b = TestData.NewId();
        await Store.WriteGpsAsync(TestData.Track(a, 10).Concat(TestData.Track(b, 20)).ToList());

        Assert.Equal(10, (await Store.GetGpsAsync(a)).Count);
        Assert.Equal(20, (await Store.GetGpsAsync(b)).Count);
        Assert.Empty(await Store.GetGpsAsync(TestData.NewId()));
    }

    [Fact]
    public async Task Summaries_are_latest_wins_upserts_whose_ETag_changes_only_with_the_content()
    {
        var id = TestData.NewId();
        var first = TestData.Summary(id, "u1", distanceM: 1000, status: "active");
        var second = TestData.Summary(id, "u1", distanceM: 2500, status: "finished");

        await Store.UpsertSummariesAsync([first]);
        var etag1 = (await Store.GetActivityAsync(id))!.ETag;
        await Store.UpsertSummariesAsync([first]);
        Assert.Equal(etag1, (await Store.GetActivityAsync(id))!.ETag);

        await Store.UpsertSummariesAsync([second]);
        var stored = (await Store.GetActivityAsync(id))!;
        Assert.NotEqual(etag1, stored.ETag);
        Assert.Equal(("u1", "run", "finished", 2500.0), (stored.UserId, stored.Sport, stored.Status, stored.DistanceM));
        Assert.Equal(second, stored.ReadSummary());
    }

    [Fact]
    public async Task An_activity_is_known_from_its_Started_event_before_any_summary_and_finishes_on_Stopped()
    {
        var id = TestData.NewId();
        var at = TestData.Start.ToUnixTimeMilliseconds();

        await Store.ApplyActivityEventsAsync([TestData.Started(id, "u7", at, "ride")]);
        var started = (await Store.GetActivityAsync(id))!;
        Assert.Equal(("u7", "ride", "active", at, "CA"), (started.UserId, started.Sport, started.Status, started.StartedAtMs, started.Country));
        Assert.Null(started.Summary);

        await Store.ApplyActivityEventsAsync([
            new ActivityEvent { ActivityId = id, EventTimeMs = at + 10, Paused = new Paused() },
            new ActivityEvent { ActivityId = id, EventTimeMs = at + 20, Stopped = new Stopped() },
            // A late resume after the stop does not reopen it.
            new ActivityEvent { ActivityId = id, EventTimeMs = at + 15, Resumed = new Resumed() },
            // A replayed Started does not reset it either.
            TestData.Started(id, "u7", at, "ride"),
        ]);
        Assert.Equal("finished", (await Store.GetActivityAsync(id))!.Status);
    }

    [Fact]
    public async Task A_summary_arriving_before_the_Started_event_keeps_its_figures()
    {
        var id = TestData.NewId();
        var summary = TestData.Summary(id, "u8", distanceM: 4200);

        await Store.UpsertSummariesAsync([summary]);
        await Store.ApplyActivityEventsAsync([TestData.Started(id, "u8", summary.StartedAtMs)]);

        var stored = (await Store.GetActivityAsync(id))!;
        Assert.Equal((4200.0, "finished"), (stored.DistanceM, stored.Status));
    }

    [Fact]
    public async Task Window_metrics_are_keyed_upserts_by_window_start()
    {
        var id = TestData.NewId();
        await Store.UpsertWindowsAsync([TestData.Window(id, 1, 150), TestData.Window(id, 0, 170, hrAvg: null)]);
        await Store.UpsertWindowsAsync([TestData.Window(id, 1, 180)]);
        await Store.UpsertWindowsAsync([TestData.Window(id, 1, 180)]);

        var windows = await Store.GetWindowsAsync(id);
        Assert.Equal([0, 1], windows.Select(w => (int)((w.WindowStartMs - TestData.Start.ToUnixTimeMilliseconds()) / 60_000)));
        Assert.Null(windows[0].HrAvg);
        Assert.Equal((180.0, 140.0, 60), (windows[1].DistanceM, windows[1].HrAvg!.Value, windows[1].Samples));
    }

    [Fact]
    public async Task Keyset_pagination_has_no_gaps_or_repeats_while_activities_are_inserted_concurrently()
    {
        var user = TestData.NewId("user");
        var t0 = TestData.Start.ToUnixTimeMilliseconds();
        // Several activities share a start time, so the activity id must break ties.
        var existing = Enumerable.Range(0, 60)
            .Select(i => TestData.Summary(TestData.NewId(), user, startedAtMs: t0 + (i / 3) * 60_000L))
            .ToList();
        await Store.UpsertSummariesAsync(existing);

        using var stop = new CancellationTokenSource();
        var inserted = new List<string>();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 200; i++)
            {
                // New activities land both before (newer) and inside (older, a late upload) the pages being read.
                var id = TestData.NewId();
                var started = i % 2 == 0 ? t0 + 10_000_000L + i : t0 + (i % 20) * 60_000L + 1;
                await Store.UpsertSummariesAsync([TestData.Summary(id, user, startedAtMs: started)]);
                lock (inserted)
                {
                    inserted.Add(id);
                }
            }
        });

        var seen = new List<ActivityRecord>();
        ActivityCursor? cursor = null;
        while (true)
        {
            var page = await Store.ListActivitiesAsync(user, publicOnly: false, limit: 7, cursor);
            seen.AddRange(page);
            if (page.Count < 7)
            {
                break;
            }
            cursor = new ActivityCursor(page[^1].StartedAtMs, page[^1].ActivityId);
            await Task.Yield();
        }
        await stop.CancelAsync();
        await writer;

        var ids = seen.Select(a => a.ActivityId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Subset(ids.ToHashSet(), existing.Select(s => s.ActivityId).ToHashSet());
        var keys = seen.Select(a => (a.StartedAtMs, a.ActivityId)).ToList();
        Assert.Equal(keys.OrderByDescending(k => k.StartedAtMs).ThenByDescending(k => k.ActivityId, StringComparer.Ordinal), keys);
    }

    [Fact]
    public async Task Public_only_listing_follows_the_owner_default_and_per_activity_overrides()
    {
        var open = TestData.NewId("user");
        var closed = TestData.NewId("user");
        await Store.UpsertUserAsync(new UserProfile(open, "Open", PublicActivities: true));
        await Store.UpsertUserAsync(new UserProfile(closed, "Closed", PublicActivities: false));
        var openDefault = TestData.Summary(TestData.NewId(), open);
        var openHidden = TestData.Summary(TestData.NewId(), open);
        var closedDefault = TestData.Summary(TestData.NewId(), closed);
        var closedShown = TestData.Summary(TestData.NewId(), closed);
        await Store.UpsertSummariesAsync([openDefault, openHidden, closedDefault, closedShown]);
        Assert.True(await Store.SetActivityVisibilityAsync(openHidden.ActivityId, false));
        Assert.True(await Store.SetActivityVisibilityAsync(closedShown.ActivityId, true));
        Assert.False(await Store.SetActivityVisibilityAsync(TestData.NewId(), true));

        Assert.Equal([openDefault.ActivityId], (await Store.ListActivitiesAsync(open, true, 10, null)).Select(a => a.ActivityId));
        Assert.Equal([closedShown.ActivityId], (await Store.ListActivitiesAsync(closed, true, 10, null)).Select(a => a.ActivityId));
        Assert.Equal(2, (await Store.ListActivitiesAsync(closed, false, 10, null)).Count);
        Assert.False((await Store.GetActivityAsync(openHidden.ActivityId))!.EffectivelyPublic);
        Assert.True((await Store.GetActivityAsync(closedShown.ActivityId))!.EffectivelyPublic);
    }

    [Fact]
    public async Task An_activity_read_for_a_viewer_says_whether_the_viewer_is_a_friend_of_its_owner()
    {
        var owner = TestData.NewId("user");
        var friend = TestData.NewId("user");
        var id = TestData.NewId();
        await Store.UpsertSummariesAsync([TestData.Summary(id, owner)]);
        await Store.AddFriendshipAsync(owner, friend);

        Assert.True((await Store.GetActivityForViewerAsync(id, friend))!.Value.ViewerIsFriend);
        Assert.False((await Store.GetActivityForViewerAsync(id, TestData.NewId("user")))!.Value.ViewerIsFriend);
        Assert.Equal(owner, (await Store.GetActivityForViewerAsync(id, owner))!.Value.Activity.UserId);
        Assert.Null(await Store.GetActivityForViewerAsync(TestData.NewId(), friend));
    }

    /// <summary>The owner's profile visibility as the account store keeps it, against what the one-query reads say.</summary>
    [Theory]
    [InlineData(null, false)]
    [InlineData(AccountProfile.Public, false)]
    [InlineData(AccountProfile.Friends, false)]
    [InlineData(AccountProfile.Private, true)]
    public async Task Privacy_reads_say_whether_the_owner_is_private_and_the_viewer_a_friend_in_one_query(string? visibility, bool ownerIsPrivate)
    {
        var owner = TestData.NewId("user");
        var friend = TestData.NewId("user");
        var stranger = TestData.NewId("user");
        var id = TestData.NewId();
        await Store.UpsertSummariesAsync([TestData.Summary(id, owner)]);
        await Store.AddFriendshipAsync(owner, friend);
        if (visibility is not null)
        {
            await ((IAccountStore)Store).UpsertProfileAsync(new AccountProfile(owner, "Owner", visibility, null, null, null));
        }
        var profileSaysPrivate = await ((IAccountStore)Store).GetProfileAsync(owner) is { Visibility: AccountProfile.Private };
        Assert.Equal(ownerIsPrivate, profileSaysPrivate);

        Assert.Equal((ownerIsPrivate, true), await Store.GetViewerStandingAsync(friend, owner));
        Assert.Equal((ownerIsPrivate, false), await Store.GetViewerStandingAsync(stranger, owner));
        Assert.Equal((false, false), await Store.GetViewerStandingAsync(friend, TestData.NewId("user"))); // no profile: not private
        Assert.Equal((ownerIsPrivate, true), await Store.GetActivityForViewerAsync(id, friend) is { } read ? (read.OwnerIsPrivate, read.ViewerIsFriend) : default);
        Assert.Equal((ownerIsPrivate, false), await Store.GetActivityForViewerAsync(id, stranger) is { } other ? (other.OwnerIsPrivate, other.ViewerIsFriend) : default);
    }

    [Fact]
    public async Task Users_friendships_and_goals_are_upserts()
    {
        var a = TestData.NewId("user");
        var b = TestData.NewId("user");
        await Store.UpsertUserAsync(new UserProfile(a, "A", false));
        await Store.UpsertUserAsync(new UserProfile(a, "A renamed", true));
        await Store.AddFriendshipAsync(a, b);
        await Store.AddFriendshipAsync(b, a);
        await Store.UpsertGoalAsync(new Goal(a, "run", "week", 20_000));
        await Store.UpsertGoalAsync(new Goal(a, "run", "week", 25_000));
        await Store.UpsertGoalAsync(new Goal(a, "ride", "year", 1_000_000));

        Assert.Equal(new UserProfile(a, "A renamed", true), await Store.GetUserAsync(a));
        Assert.Null(await Store.GetUserAsync(TestData.NewId("user")));
        Assert.True(await Store.AreFriendsAsync(b, a));
        Assert.Equal([new Goal(a, "ride", "year", 1_000_000), new Goal(a, "run", "week", 25_000)], await Store.GetGoalsAsync(a));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddFriendshipAsync(a, a));
    }

    [Fact]
    public async Task Progress_buckets_follow_every_summary_including_one_that_moves_to_another_week_sport_or_user()
    {
        var user = TestData.NewId("user");
        var other = TestData.NewId("user");
        var progress = (IProgressStore)Store;
        // Sunday 2026-11-29 (ISO week 48, November) and Tuesday 2026-12-01 (week 49, December).
        var sunday = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var tuesday = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var run = TestData.Summary(TestData.NewId(), user, distanceM: 5_000, startedAtMs: sunday);
        var ride = TestData.Summary(TestData.NewId(), user, distanceM: 20_000, sport: "ride", startedAtMs: sunday);
        var lift = TestData.Summary(TestData.NewId(), user, distanceM: 0, sport: "strength", startedAtMs: tuesday);
        lift.VolumeKg = 2_940;
        lift.ElevationGainM = 0;
        run.ElevationGainM = 55;
        ride.ElevationGainM = 0;
        await Store.UpsertSummariesAsync([run, ride, lift]);
        await Store.UpsertSummariesAsync([run]);

        var weeks = await progress.GetProgressAsync(user, ProgressPeriods.Week, null, sunday - 7 * 86_400_000L, tuesday + 7 * 86_400_000L);
        Assert.Equal([("2026-W48", 2, 25_000.0, 55.0, 0.0), ("2026-W49", 1, 0.0, 0.0, 2_940.0)],
            weeks.Select(b => (b.PeriodKey, b.Activities, b.DistanceM, b.ElevationGainM, b.VolumeKg)));
        var runWeeks = await progress.GetProgressAsync(user, ProgressPeriods.Week, "run", 0, long.MaxValue);
        Assert.Equal([("2026-W48", 1, 5_000.0)], runWeeks.Select(b => (b.PeriodKey, b.Activities, b.DistanceM)));
        var months = await progress.GetProgressAsync(user, ProgressPeriods.Month, null, 0, long.MaxValue);
        Assert.Equal([("2026-11", 2), ("2026-12", 1)], months.Select(b => (b.PeriodKey, b.Activities)));

        // The run's start corrected into week 49, the ride handed to another user: both leave their old buckets.
        run.StartedAtMs = tuesday;
        ride.UserId = other;
        await Store.UpsertSummariesAsync([run, ride]);

        weeks = await progress.GetProgressAsync(user, ProgressPeriods.Week, null, 0, long.MaxValue);
        Assert.Equal([("2026-W49", 2, 5_000.0, 2_940.0)], weeks.Select(b => (b.PeriodKey, b.Activities, b.DistanceM, b.VolumeKg)));
        Assert.Equal([("2026-W48", 1, 20_000.0)],
            (await progress.GetProgressAsync(other, ProgressPeriods.Week, null, 0, long.MaxValue)).Select(b => (b.PeriodKey, b.Activities, b.DistanceM)));

        // Buckets are recomputed once per batch: one batch that moves the run back to week 48 and then, in a later
        // summary of the same batch, to week 49 again with a new distance leaves week 48 empty of it.
        var back = run.Clone();
        back.StartedAtMs = sunday;
        var forward = run.Clone();
        forward.DistanceM = 6_000;
        await Store.UpsertSummariesAsync([back, forward]);
        weeks = await progress.GetProgressAsync(user, ProgressPeriods.Week, null, 0, long.MaxValue);
        Assert.Equal([("2026-W49", 2, 6_000.0, 2_940.0)], weeks.Select(b => (b.PeriodKey, b.Activities, b.DistanceM, b.VolumeKg)));
    }

    [Fact]
    public async Task A_batch_of_activity_records_many_round_trips_long_is_written_whole_and_in_order()
    {
        // About 2,250 statements: PostgreSQL sends them a few hundred per round trip (TransactionCommands.MaxQueued),
        // so a later statement of the batch (a summary after its activity's Started, a second summary of the same
        // activity, a bucket recomputed after every contribution) lands in a later round trip than the one it follows.
        var user = TestData.NewId("user");
        var ids = Enumerable.Range(0, 150).Select(_ => TestData.NewId()).ToList();
        var start = TestData.Start.ToUnixTimeMilliseconds();
        var events = ids.Select((id, i) => TestData.Started(id, user, start + i * 60_000L)).ToList();
        var first = ids.Select((id, i) => TestData.WithEfforts(TestData.Summary(id, user, distanceM: 4_000, status: "active", startedAtMs: start + i * 60_000L),
            ("1k", 1000, 300), ("5k", 5000, 1600))).ToList();
        var last = ids.Select((id, i) => TestData.WithEfforts(TestData.Summary(id, user, distanceM: 5_000 + i, startedAtMs: start + i * 60_000L),
            ("1k", 1000, 200 + i))).ToList();
        var windows = ids.SelectMany(id => Enumerable.Range(0, 3).Select(m => TestData.Window(id, m, 200 + m))).ToList();

        await ((IActivityStore)Store).WriteActivityRecordsAsync(events, [.. first, .. last], windows);

        var listed = await Store.ListActivitiesAsync(user, false, 200, null);
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(a => a.ActivityId).Order(StringComparer.Ordinal));
        Assert.All(listed, a => Assert.Equal("finished", a.Status));
        Assert.Equal(last.Select(s => s.DistanceM).Sum(), listed.Sum(a => a.DistanceM), 6);
        Assert.Equal([(1000.0, 200.0, ids[0])], (await ((IPersonalBestStore)Store).GetPersonalBestsAsync(user, false)).Select(b => (b.DistanceM, b.TimeS, b.ActivityId)));
        Assert.Equal([200.0, 201.0, 202.0], (await Store.GetWindowsAsync(ids[^1])).Select(w => w.DistanceM));
        var week = Assert.Single(await ((IProgressStore)Store).GetProgressAsync(user, ProgressPeriods.Week, null, 0, long.MaxValue));
        Assert.Equal((150, last.Sum(s => s.DistanceM)), (week.Activities, week.DistanceM));
    }

    [Fact]
    public async Task Summary_bytes_come_back_verbatim_with_the_polyline_kept_apart_from_the_blob()
    {
        var summary = TestData.Summary(TestData.NewId(), "u9");
        await Store.UpsertSummariesAsync([summary]);

        var stored = (await Store.GetActivityAsync(summary.ActivityId))!;
        Assert.Equal(summary.ToByteArray(), stored.ReadSummary()!.ToByteArray());
        var withoutPolyline = summary.Clone();
        withoutPolyline.Polyline = "";
        Assert.Equal(withoutPolyline.ToByteArray(), stored.Summary);
        Assert.Equal(summary.Polyline, stored.Polyline);
    }
}
