using System.Data.Common;
using Splitstream.Geo;
using Splitstream.Schemas.V1;

namespace Splitstream.Store.Tests;

/// <summary>
/// The polyline is kept apart from the summary row, in chunks (migration 14, <c>SqlStore.Polylines</c>), so a growing
/// live activity rewrites its last chunk instead of its whole track. The oracles: the summaries the test upserted
/// (what reads back must equal them), and the chunks' texts compared as strings by the test (which chunks a write must
/// touch), observed through a trigger the test installs. On SQLite and on PostgreSQL.
/// </summary>
public sealed class ActivityPolylineStoreTests
{
    public static TheoryData<string> Stores => new() { "sqlite", "postgres" };

    /// <summary>A spiral walked at about 3 m per point: every point distinct at precision 5, about 4-6 characters each.</summary>
    private static readonly (double Lat, double Lon)[] Track = [.. Enumerable.Range(0, 4_000).Select(i =>
    {
        var angle = i * 0.02;
        var radius = 0.0005 + i * 0.0000025;
        return (45.5 + radius * Math.Cos(angle), -73.58 + radius * Math.Sin(angle) * 1.4);
    })];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_polyline_reads_back_as_upserted_while_it_grows_changes_in_the_middle_shrinks_and_empties(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        var id = TestData.NewId();
        var user = TestData.NewId("polyline");
        var full = Encode(Track);
        Assert.True(full.Length > 4 * SqlStore.PolylineChunkChars, $"{full.Length} characters: the track must span several chunks");
        string[] stages =
        [
            Encode(Track.Take(300)), Encode(Track.Take(1_500)), full,
            Encode(Track.Select((p, i) => i == 1_000 ? (p.Lat + 0.001, p.Lon) : p)), // a late point re-folds the middle
            Encode(Track.Take(900)), "", full,
        ];

        foreach (var polyline in stages)
        {
            var summary = WithPolyline(TestData.Summary(id, user, status: "active"), polyline);
            await store.Value.UpsertSummariesAsync([summary]);

            Assert.Equal(summary, (await store.Value.GetActivityAsync(id))!.ReadSummary());
            var (viewed, _, _) = (await store.Value.GetActivityForViewerAsync(id, user))!.Value;
            Assert.Equal(polyline, viewed.ReadSummary()!.Polyline);
        }

        // Two summaries of the activity in one batch: the later one is what stays.
        var later = WithPolyline(TestData.Summary(id, user, status: "finished"), Encode(Track.Take(2_500)));
        await store.Value.UpsertSummariesAsync([WithPolyline(TestData.Summary(id, user), Encode(Track.Take(3_900))), later]);
        Assert.Equal(later, (await store.Value.GetActivityAsync(id))!.ReadSummary());
        Assert.Equal(Chunks(later.Polyline).Count, await CountChunksAsync(store, id));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_upsert_writes_only_the_chunks_whose_text_changed(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        await InstallWriteLogAsync(store, kind);
        var id = TestData.NewId();
        var user = TestData.NewId("polyline");
        string? previous = null;
        string? previousETag = null;
        string[] stages =
        [
            Encode(Track.Take(1_000)), Encode(Track.Take(1_040)), Encode(Track.Take(3_000)), Encode(Track.Take(3_001)),
            Encode(Track.Take(3_001)), Encode(Track.Take(3_001).Select((p, i) => i == 2_000 ? (p.Lat, p.Lon + 0.002) : p)),
        ];

        foreach (var polyline in stages)
        {
            await ExecuteAsync(store, "DELETE FROM polyline_writes");
            await store.Value.UpsertSummariesAsync([WithPolyline(TestData.Summary(id, user, status: "active"), polyline)]);

            var before = previous is null ? [] : Chunks(previous);
            var after = Chunks(polyline);
            var changed = Enumerable.Range(0, after.Count).Where(i => i >= before.Count || before[i] != after[i]).ToList();
            Assert.Equal(changed, await WrittenChunksAsync(store));
            var stored = (await store.Value.GetActivityAsync(id))!;
            Assert.Equal(polyline, stored.ReadSummary()!.Polyline);
            // The stored ETag covers the polyline kept apart: the same summary again keeps it, a new polyline changes it.
            Assert.Equal(polyline == previous, stored.ETag == previousETag);
            previous = polyline;
            previousETag = stored.ETag;
        }
        // The track spans enough chunks for "only the changed ones" to mean something.
        Assert.True(Chunks(stages[2]).Count >= 4, $"{Chunks(stages[2]).Count} chunks");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_summary_stored_before_migration_14_keeps_its_polyline_in_the_blob_until_its_next_upsert_moves_it_apart(string kind)
    {
        await using var store = await TestStore.CreateAsync(kind, throughVersion: 13);
        var id = TestData.NewId();
        var user = TestData.NewId("polyline");
        var old = WithPolyline(TestData.Summary(id, user, status: "active"), Encode(Track.Take(2_000)));
        await store.Value.UpsertSummariesAsync([old]);

        await store.Value.MigrateAsync();

        var stored = (await store.Value.GetActivityAsync(id))!;
        Assert.Null(stored.Polyline);
        Assert.Equal(old, stored.ReadSummary());
        var next = WithPolyline(TestData.Summary(id, user, status: "finished"), Encode(Track.Take(2_200)));
        await store.Value.UpsertSummariesAsync([next]);
        stored = (await store.Value.GetActivityAsync(id))!;
        Assert.Equal(next, stored.ReadSummary());
        Assert.Equal("", ActivitySummary.Parser.ParseFrom(stored.Summary).Polyline);
        Assert.Equal(next.Polyline, stored.Polyline);
    }

    private static string Encode(IEnumerable<(double Lat, double Lon)> points) => PolylineEncoder.Encode(points);

    private static ActivitySummary WithPolyline(ActivitySummary summary, string polyline)
    {
        summary.Polyline = polyline;
        return summary;
    }

    private static List<string> Chunks(string polyline) =>
        [.. Enumerable.Range(0, (polyline.Length + SqlStore.PolylineChunkChars - 1) / SqlStore.PolylineChunkChars)
            .Select(i => polyline.Substring(i * SqlStore.PolylineChunkChars, Math.Min(SqlStore.PolylineChunkChars, polyline.Length - i * SqlStore.PolylineChunkChars)))];

    /// <summary>A table and triggers logging the chunk number of every row inserted or updated in activity_polylines.</summary>
    private static Task InstallWriteLogAsync(TestStore store, string kind) => ExecuteAsync(store, kind == "sqlite"
        ? """
          CREATE TABLE polyline_writes (chunk INTEGER NOT NULL);
          CREATE TRIGGER polyline_inserted AFTER INSERT ON activity_polylines BEGIN INSERT INTO polyline_writes VALUES (NEW.chunk); END;
          CREATE TRIGGER polyline_updated AFTER UPDATE ON activity_polylines BEGIN INSERT INTO polyline_writes VALUES (NEW.chunk); END;
          """
        : """
          CREATE TABLE polyline_writes (chunk integer NOT NULL);
          CREATE FUNCTION log_polyline_write() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN INSERT INTO polyline_writes VALUES (NEW.chunk); RETURN NULL; END $$;
          CREATE TRIGGER polyline_written AFTER INSERT OR UPDATE ON activity_polylines FOR EACH ROW EXECUTE FUNCTION log_polyline_write();
          """);

    private static async Task<List<int>> WrittenChunksAsync(TestStore store)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT chunk FROM polyline_writes ORDER BY chunk";
        var chunks = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            chunks.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }
        return chunks;
    }

    private static async Task<int> CountChunksAsync(TestStore store, string activityId)
    {
        await using var connection = store.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM activity_polylines WHERE activity_id = '{activityId}'";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(TestStore store, string sql)
    {
        await using DbConnection connection = store.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
