namespace Splitstream.Streams.Tests;

/// <summary>
/// Persistent (RocksDB) stores on the test driver: checkpoints, tail-only restores, and the cases where the local
/// files can't be trusted (no checkpoint, a checkpoint beyond the changelog's end, a changelog of another history).
/// </summary>
public sealed class PersistentStoreTests : IDisposable
{
    private readonly string stateDir = Path.Combine(Path.GetTempPath(), "splitstream-store-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_store_on_new_files_is_empty_and_one_with_an_entry_written_or_pending_is_not()
    {
        // A task without a checkpoint wipes its files before a full restore only when they hold something.
        using var store = new RocksDbKeyValueStore<string, long>("counts", Serdes.String, Serdes.Int64, logged: false);
        var persistent = (IPersistentStore)store;
        persistent.Open(Path.Combine(stateDir, "fresh"));
        Assert.True(persistent.IsEmpty);
        store.Put("k", 1);
        Assert.False(persistent.IsEmpty);
        ((IRestorableStore)store).Flush(streamTime: 0);
        Assert.False(persistent.IsEmpty);
        persistent.Wipe();
        Assert.True(persistent.IsEmpty);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Every_directory_of_local_state_is_the_owners_alone_however_many_levels_the_state_root_adds()
    {
        // A configured state root whose parents do not exist yet: each level made by the task is 0700, not the umask's.
        using (var driver = new TopologyTestDriver(KeyCounter.Topology(persistent: true), stateDir: Path.Combine(stateDir, "configured", "state")))
        {
            Pipe(driver, [], ["a", "b", "a"]);
        }

        var directories = Directory.GetDirectories(stateDir, "*", SearchOption.AllDirectories).Prepend(stateDir).ToList();
        Assert.Contains(directories, d => d.EndsWith(Path.Combine("configured", "state", "test-app", "0"), StringComparison.Ordinal));
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.All(directories, d => Assert.True(File.GetUnixFileMode(d) == owner, $"{d} is {File.GetUnixFileMode(d)}"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Once_a_host_has_restricted_new_files_RocksDBs_own_files_are_the_owners_alone()
    {
        // Every host's Program.cs calls RestrictNewFiles first; RocksDB itself would make its files 0644.
        Schemas.PrivateFiles.RestrictNewFiles();
        using (var driver = new TopologyTestDriver(KeyCounter.Topology(persistent: true), stateDir: stateDir))
        {
            Pipe(driver, [], ["a", "b", "a"]);
        }

        var files = Directory.GetFiles(stateDir, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => Path.GetFileName(f).StartsWith("MANIFEST-", StringComparison.Ordinal));
        Assert.Contains(files, f => Path.GetFileName(f) == "CURRENT");
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == owner, $"{f} is {File.GetUnixFileMode(f)}"));
    }

    [Fact]
    public void A_clean_restart_restores_nothing_and_a_crash_restores_only_the_changelog_tail_after_the_checkpoint()
    {
        var expected = new Dictionary<string, long>();
        var first = new TopologyTestDriver(KeyCounter.Topology(persistent: true), stateDir: stateDir);
        Pipe(first, expected, Enumerable.Range(0, 200).Select(i => "k" + (i % 20)));
        first.AdvanceWallClockTime(TimeSpan.FromSeconds(1)); // a commit: the checkpoint
        Pipe(first, expected, Enumerable.Range(0, 7).Select(i => "k" + i)); // each record is a flush of its own
        first.Crash();

        using (var afterCrash = new TopologyTestDriver(KeyCounter.Topology(persistent: true), restoreFrom: first, stateDir: stateDir))
        {
            Assert.Equal(7, afterCrash.Metrics.RestoredRecords);
            Assert.Equal(expected, Counts(afterCrash));
            first = afterCrash;
            Pipe(afterCrash, expected, ["k1", "new"]);
        }
        // Disposed: a clean close, the checkpoint at the changelog's end.
        using var afterCleanStop = new TopologyTestDriver(KeyCounter.Topology(persistent: true), restoreFrom: first, stateDir: stateDir);
        Assert.Equal(0, afterCleanStop.Metrics.RestoredRecords);
        Assert.Equal(expected, Counts(afterCleanStop));
        Assert.True(File.Exists(Path.Combine(stateDir, "test-app", "0", ".checkpoint")));
    }

    [Fact]
    public void Local_state_checkpointed_against_another_changelog_history_is_wiped_and_restored_in_full()
    {
        using (var stale = new TopologyTestDriver(KeyCounter.Topology(persistent: true), stateDir: stateDir))
        {
            Pipe(stale, [], Enumerable.Range(0, 30).Select(i => "stale-" + (i % 5)));
        }
        var expected = new Dictionary<string, long>();
        using var other = new TopologyTestDriver(KeyCounter.Topology(persistent: false));
        Pipe(other, expected, Enumerable.Range(0, 80).Select(i => "other-" + (i % 9)));

        // The checkpoint (offset 30) lies inside this longer changelog, but the record before it is not the one it saw.
        using var restarted = new TopologyTestDriver(KeyCounter.Topology(persistent: true), restoreFrom: other, stateDir: stateDir);

        Assert.Equal(80, restarted.Metrics.RestoredRecords);
        Assert.Equal(expected, Counts(restarted));
    }

    [Theory]
    [InlineData(true)]  // a checkpoint beyond the changelog's end: a fresh cluster
    [InlineData(false)] // no checkpoint: a crash before the first one
    public void Local_state_that_the_changelog_cannot_vouch_for_is_wiped(bool cleanStop)
    {
        var first = new TopologyTestDriver(KeyCounter.Topology(persistent: true), stateDir: stateDir);
        Pipe(first, [], ["a", "b", "a"]);
        if (cleanStop)
        {
            first.Dispose();
        }
        else
        {
            first.Crash();
            File.Delete(Path.Combine(stateDir, "test-app", "0", ".checkpoint"));
        }

        using var onEmptyChangelog = new TopologyTestDriver(KeyCounter.Topology(persistent: true), stateDir: stateDir);

        Assert.Empty(Counts(onEmptyChangelog));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Range_scans_see_flushed_and_unflushed_entries_of_the_prefix_only_and_not_deleted_ones(bool persistent)
    {
        using var driver = new TopologyTestDriver(KeyCounter.Topology(persistent));
        Pipe(driver, [], ["a|1", "a|2", "a|3", "ab|1", "a}", "b|1"]);
        var store = driver.GetStateStore<IKeyValueStore<string, long>>("counts");
        store.Put("a|4", 9);   // not flushed yet
        store.Delete("a|2");   // deleted, not flushed yet

        Assert.Equal(["a|1", "a|3", "a|4"], store.Range("a|", "a}").Select(e => e.Key).Order());
        Assert.Equal(9, store.Range("a|4", "a|5").Single().Value);
        Assert.False(store.TryGet("a|2", out _));
        Assert.Equal(["ab|1", "a|1", "a|3", "a|4", "a}", "b|1"], store.All().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Range_scans_see_keys_changed_after_an_earlier_scan_and_after_a_flush_with_the_bounds_respected(bool persistent)
    {
        using var driver = new TopologyTestDriver(KeyCounter.Topology(persistent));
        var store = driver.GetStateStore<IKeyValueStore<string, long>>("counts");
        store.Put("a|1", 1);
        Assert.Equal(["a|1"], store.Range("a|", "a}").Select(e => e.Key));   // the first scan over unflushed keys

        store.Put("a|", 2);    // the lower bound itself: inside
        store.Put("a}", 3);    // the upper bound itself: outside
        store.Put("a|~", 4);   // near the upper bound: inside
        store.Put("a{", 5);    // just below the lower bound: outside
        store.Delete("a|1");
        Assert.Equal(["a|", "a|~"], store.Range("a|", "a}").Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Empty(store.Range("a}", "a|"));   // an empty interval

        ((IRestorableStore)store).Flush(streamTime: 0);
        store.Put("a|9", 6);   // pending again, beside the flushed entries
        Assert.Equal(["a|", "a|9", "a|~"], store.Range("a|", "a}").Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal([2L, 4L, 6L], store.Range("a|", "a}").Select(e => e.Value).Order());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_owners_entries_are_listed_in_ordinal_key_order_whether_flushed_or_not_and_the_list_survives_changes(bool persistent)
    {
        using var driver = new TopologyTestDriver(KeyCounter.Topology(persistent));
        Pipe(driver, [], ["u|b", "u|Z", "u|a", "uv|1", "u}"]);
        var store = driver.GetStateStore<IKeyValueStore<string, long>>("counts");
        store.Put("u|A", 7);   // unflushed, sorts between flushed keys
        store.Put("u|", 8);    // the owner's bare separator

        var listed = store.WithPrefix("u");
        foreach (var (key, _) in listed)
        {
            store.Delete(key);   // a list, not a live scan: changing the store does not disturb it
        }

        // Ordinal: upper case before lower case, as the bytes; "uv|1" and "u}" belong to other owners.
        Assert.Equal(["u|", "u|A", "u|Z", "u|a", "u|b"], listed.Select(e => e.Key));
        Assert.Empty(store.WithPrefix("u"));
        Assert.Equal(["uv|1", "u}"], store.All().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_key_changed_many_times_between_flushes_is_serialized_once_even_with_the_range_index_built()
    {
        var keys = new CountingSerde<string>(Serdes.String);
        using var store = new RocksDbKeyValueStore<string, long>("counts", keys, Serdes.Int64, logged: false);
        ((IPersistentStore)store).Open(Path.Combine(stateDir, "serialize-once"));
        store.Put("a|0", 0);
        Assert.Single(store.Range("a|", "a}"));   // builds the sorted index of the unflushed keys
        keys.Serialized.Clear();

        for (var i = 1; i <= 1_000; i++)
        {
            store.Put("a|1", i);
            store.Put("a|0", i);
        }
        store.Delete("a|0");
        ((IRestorableStore)store).Flush(streamTime: 0);

        Assert.Equal(1, keys.Serialized["a|1"]);                 // added to the index, reused at the flush
        Assert.False(keys.Serialized.ContainsKey("a|0"));        // its bytes were kept from before the scan
        Assert.Equal([("a|1", 1_000L)], store.Range("a|", "a}").Select(e => (e.Key, e.Value)));
    }

    public void Dispose()
    {
        if (Directory.Exists(stateDir))
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    private static void Pipe(TopologyTestDriver driver, Dictionary<string, long> expected, IEnumerable<string> keys)
    {
        var input = driver.CreateInputTopic("in", Serdes.String, Serdes.String);
        var time = 1_000L;
        foreach (var key in keys)
        {
            input.PipeInput(key, "x", time++);
            expected[key] = expected.GetValueOrDefault(key) + 1;
        }
    }

    private static Dictionary<string, long> Counts(TopologyTestDriver driver) =>
        driver.GetStateStore<IKeyValueStore<string, long>>("counts").All().ToDictionary(e => e.Key, e => e.Value);
}
