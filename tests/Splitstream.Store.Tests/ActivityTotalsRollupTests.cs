using Splitstream.Schemas.V1;
using Splitstream.Testing;

namespace Splitstream.Store.Tests;

/// <summary>
/// The stats' totals come from the rollup <c>activity_totals</c> (migration 13), kept by triggers on <c>activities</c>.
/// The oracle here is the final state of every activity as the test wrote it, summed in C# by the contract's rule: the
/// activity's visibility flag, else the user's default; ranges by start time; distance and moving time in whole
/// thousandths rounded half up. On SQLite and on PostgreSQL.
/// </summary>
public sealed class ActivityTotalsRollupTests
{
    private const long Day = 86_400_000;

    // A Monday whose week crosses into the next month (Thursday is the 1st): the week's first days are read from the
    // activities, the rest from the rollup's month.
    private static readonly DateTimeOffset WeekStart = new(2026, 9, 28, 0, 0, 0, TimeSpan.Zero);
    private static readonly long WeekMs = WeekStart.ToUnixTimeMilliseconds();
    private static readonly long YearMs = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static TheoryData<string> Stores => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Totals_equal_sums_over_the_final_activities_after_starts_replacements_visibility_changes_and_redeliveries(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        var user = TestData.NewId("rollup");
        var activities = new Dictionary<string, FinalActivity>();
        var random = new Random(1613);
        string[] sports = ["run", "ride", "swim"];

        // Started events alone: rows of no distance yet, which count as activities.
        var started = Enumerable.Range(0, 8).Select(_ => TestData.Started(TestData.NewId(), user, RandomStart(random), sports[random.Next(3)])).ToList();
        await store.Value.ApplyActivityEventsAsync(started);
        foreach (var e in started)
        {
            activities[e.ActivityId] = new FinalActivity(e.Started.Sport, e.EventTimeMs, 0, 0, null);
        }
        // Summaries with figures that are not whole millimetres, some for the started activities (a live summary then).
        var summaries = started.Take(5).Select(e => e.ActivityId).Concat(Enumerable.Range(0, 40).Select(_ => TestData.NewId()))
            .Select(id => Summary(id, user, random, activities.TryGetValue(id, out var a) ? a : null)).ToList();
        await store.Value.UpsertSummariesAsync(summaries);
        Record(activities, summaries);
        // Every later summary of half of them: new figures (the live path), and for some a new sport or a start in
        // another month (the key moves); then the same batch again, as a redelivery.
        for (var round = 0; round < 3; round++)
        {
            var replacements = summaries.Where((_, i) => i % 2 == round % 2)
                .Select(s => Summary(s.ActivityId, user, random, random.Next(4) == 0 ? null : activities[s.ActivityId])).ToList();
            await store.Value.UpsertSummariesAsync(replacements);
            await store.Value.UpsertSummariesAsync(replacements);
            Record(activities, replacements);
        }
        // Visibility: some activities flagged public or private, then one flag taken back to the user's default.
        var flagged = activities.Keys.Order(StringComparer.Ordinal).Where((_, i) => i % 3 != 0).ToList();
        foreach (var (id, i) in flagged.Select((id, i) => (id, i)))
        {
            bool? flag = i % 2 == 0;
            await store.Value.SetActivityVisibilityAsync(id, flag);
            activities[id] = activities[id] with { IsPublic = flag };
        }
        await store.Value.SetActivityVisibilityAsync(flagged[0], null);
        activities[flagged[0]] = activities[flagged[0]] with { IsPublic = null };

        AssertCoversEveryRange(activities);
        await AssertTotalsAsync(store.Value, user, activities, userPublic: false);
        // The user's default changes nothing stored per activity: the rollup keeps the unflagged ones apart.
        await store.Value.UpsertProfileAsync(new AccountProfile(user, "Rollup", AccountProfile.Public, null, null, null));
        await AssertTotalsAsync(store.Value, user, activities, userPublic: true);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Migrating_a_store_that_holds_activities_fills_the_rollup_and_later_writes_keep_it(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind, throughVersion: 12);
        var user = TestData.NewId("rollup");
        var activities = new Dictionary<string, FinalActivity>();
        var random = new Random(2602);
        var summaries = Enumerable.Range(0, 30).Select(_ => Summary(TestData.NewId(), user, random, null)).ToList();
        await store.Value.UpsertSummariesAsync(summaries);
        Record(activities, summaries);
        var flagged = summaries[0].ActivityId;
        await store.Value.SetActivityVisibilityAsync(flagged, true);
        activities[flagged] = activities[flagged] with { IsPublic = true };

        await store.Value.MigrateAsync();

        await AssertTotalsAsync(store.Value, user, activities, userPublic: false);
        var later = summaries.Take(10).Select(s => Summary(s.ActivityId, user, random, activities[s.ActivityId])).ToList();
        await store.Value.UpsertSummariesAsync(later);
        Record(activities, later);
        await AssertTotalsAsync(store.Value, user, activities, userPublic: false);
    }

    private static async Task AssertTotalsAsync(SqlStore store, string user, Dictionary<string, FinalActivity> activities, bool userPublic)
    {
        foreach (var publicOnly in new[] { false, true })
        {
            var visible = activities.Values.Where(a => !publicOnly || (a.IsPublic ?? userPublic)).ToList();
            var expected = visible.GroupBy(a => a.Sport).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new SportTotalsRecord(g.Key,
                g.Count(a => a.StartedAtMs >= WeekMs), Sum(g.Where(a => a.StartedAtMs >= WeekMs), a => a.DistanceM), Sum(g.Where(a => a.StartedAtMs >= WeekMs), a => a.MovingTimeS),
                g.Count(a => a.StartedAtMs >= YearMs), Sum(g.Where(a => a.StartedAtMs >= YearMs), a => a.DistanceM), Sum(g.Where(a => a.StartedAtMs >= YearMs), a => a.MovingTimeS),
                g.Count(), Sum(g, a => a.DistanceM), Sum(g, a => a.MovingTimeS))).ToList();

            var actual = await ((IActivityTotalsStore)store).GetTotalsAsync(user, publicOnly, WeekMs, YearMs);

            Assert.Equal(expected, actual);
        }
    }

    /// <summary>The data reach every part of the read: the week's days before and after its month boundary, earlier months of the year, last year.</summary>
    private static void AssertCoversEveryRange(Dictionary<string, FinalActivity> activities)
    {
        var october = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        foreach (var (from, to) in new[] { (WeekMs, october), (october, WeekMs + 7 * Day), (YearMs, WeekMs), (long.MinValue, YearMs) })
        {
            Assert.Contains(activities.Values, a => a.StartedAtMs >= from && a.StartedAtMs < to);
        }
    }

    /// <summary>The contract's sum: each figure in whole thousandths, rounded half up, then back to the unit.</summary>
    private static double Sum(IEnumerable<FinalActivity> activities, Func<FinalActivity, double> figure) =>
        activities.Sum(a => (long)Math.Round(figure(a) * 1000, MidpointRounding.AwayFromZero)) / 1000.0;

    /// <summary>
    /// Starts from 18 months before the week to its end: last year, this year's earlier months, the week's days in
    /// September and in October, and some on the same day as another.
    /// </summary>
    private static long RandomStart(Random random) =>
        random.Next(5) == 0 ? WeekMs + random.Next(0, 7) * Day + random.Next(0, 86_400) * 1000L : WeekMs - (long)(random.NextDouble() * 540 * Day);

    private static ActivitySummary Summary(string id, string user, Random random, FinalActivity? previous)
    {
        var distance = Math.Round(random.NextDouble() * 20_000, 4);
        var summary = TestData.Summary(id, user, distance, previous?.Sport ?? (random.Next(3) == 0 ? "ride" : "run"),
            startedAtMs: previous?.StartedAtMs ?? RandomStart(random));
        summary.MovingTimeS = Math.Round(distance / 2.9, 4);
        return summary;
    }

    private static void Record(Dictionary<string, FinalActivity> activities, IEnumerable<ActivitySummary> summaries)
    {
        foreach (var s in summaries)
        {
            activities[s.ActivityId] = new FinalActivity(s.Sport, s.StartedAtMs, s.DistanceM, s.MovingTimeS,
                activities.TryGetValue(s.ActivityId, out var a) ? a.IsPublic : null);
        }
    }

    private sealed record FinalActivity(string Sport, long StartedAtMs, double DistanceM, double MovingTimeS, bool? IsPublic);
}
