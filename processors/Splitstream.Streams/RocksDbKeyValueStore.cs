using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using RocksDbSharp;

namespace Splitstream.Streams;

/// <summary>
/// A key-value store on local disk (RocksDB) with a write-back cache of the changes since the last flush, as Kafka
/// Streams' caching layer over RocksDB: a key changed a thousand times between commits is encoded, written to RocksDB
/// and sent to the changelog once, at the flush. Reads see the cache first. The task checkpoints the changelog offsets
/// the local files cover, so a restart restores only the changelog's tail.
/// </summary>
/// <remarks>
/// Keys are ordered by their serialized bytes (<see cref="Range"/>). Values are decoded on every read that misses the
/// cache: callers keep hot values in their own memory (the activity-metrics processor keeps live timelines).
/// </remarks>
public sealed class RocksDbKeyValueStore<TKey, TValue>(string name, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, bool logged)
    : IKeyValueStore<TKey, TValue>, IRestorableStore, IPersistentStore, IDisposable where TKey : notnull
{
    private const int RestoreBatchRecords = 10_000;

    // Present: put since the last flush; absent value (Deleted): deleted since the last flush. The key's bytes are
    // serialized once per flush interval, when the sorted index or the flush first needs them, however often it changes.
    private readonly Dictionary<TKey, PendingChange> pending = [];
    // The pending keys in RocksDB's order, built on the first range query and kept until the store closes: a range
    // overlays only the pending keys inside it (O(log n + matches)), not every key changed since the last flush.
    private SortedSet<PendingKey>? pendingOrder;
    private ChangelogWriter? changelog;
    private RocksDb? db;
    private string? directory;
    private WriteBatch? restoreBatch;
    private int restoreBatchRecords;

    public string Name { get; } = name;

    public bool Logged { get; } = logged;

    /// <summary>RocksDB's estimate of the keys on disk plus the keys put since the last flush (exact only when nothing was deleted or overwritten).</summary>
    public int Count
    {
        get
        {
            var onDisk = long.TryParse(Db.GetProperty("rocksdb.estimate-num-keys"), out var estimate) ? estimate : 0;
            return (int)Math.Min(int.MaxValue, onDisk + pending.Count(p => !p.Value.Deleted));
        }
    }

    /// <summary>One of RocksDB's properties of this store (<c>rocksdb.block-cache-capacity</c> and the like), for tests and diagnostics.</summary>
    internal string? Property(string propertyName) => Db.GetProperty(propertyName);

    private RocksDb Db => db ?? throw new InvalidOperationException($"store {Name} is not open");

    private string Topic => changelog?.Topic ?? Name;

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (pending.TryGetValue(key, out var change))
        {
            value = change.Value;
            return !change.Deleted;
        }
        var bytes = Db.Get(SerializeKey(key));
        if (bytes is null)
        {
            value = default;
            return false;
        }
        value = valueSerde.Deserialize(bytes, Topic, -1, -1);
        return true;
    }

    public void Put(TKey key, TValue value) => Change(key, value, deleted: false);

    public void Delete(TKey key) => Change(key, default, deleted: true);

    public IEnumerable<KeyValuePair<TKey, TValue>> All() => Scan(null, null);

    public IEnumerable<KeyValuePair<TKey, TValue>> Range(TKey from, TKey toExclusive) => Scan(SerializeKey(from), SerializeKey(toExclusive));

    void IRestorableStore.AttachChangelog(ChangelogWriter writer) => changelog = writer;

    void IRestorableStore.Flush(long streamTime)
    {
        if (pending.Count == 0)
        {
            return;
        }
        using var batch = new WriteBatch();
        foreach (var (key, change) in pending)
        {
            var keyBytes = change.KeyBytes ?? SerializeKey(key);
            var valueBytes = change.Deleted ? null : valueSerde.Serialize(change.Value!, Topic);
            if (valueBytes is null)
            {
                batch.Delete(keyBytes);
            }
            else
            {
                batch.Put(keyBytes, valueBytes);
            }
            changelog?.Write(keyBytes, valueBytes, streamTime);
        }
        // Local first, then the changelog send above is acknowledged later: a checkpoint names only acknowledged
        // offsets, so the local files always hold at least what a checkpoint says.
        Db.Write(batch);
        pending.Clear();
        pendingOrder?.Clear();
    }

    void IRestorableStore.Restore(byte[] key, byte[]? value)
    {
        restoreBatch ??= new WriteBatch();
        if (value is null)
        {
            restoreBatch.Delete(key);
        }
        else
        {
            restoreBatch.Put(key, value);
        }
        if (++restoreBatchRecords >= RestoreBatchRecords)
        {
            WriteRestoreBatch();
        }
    }

    void IRestorableStore.RestoreCompleted() => WriteRestoreBatch();

    void IPersistentStore.Open(string directory)
    {
        if (db is not null)
        {
            throw new InvalidOperationException($"store {Name} is open already");
        }
        Schemas.PrivateFiles.CreateDirectory(directory);
        this.directory = directory;
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .SetCompression(Compression.Lz4)
            .SetKeepLogFileNum(2)
            .SetMaxOpenFiles(256)
            // A task has a store or two and a process many tasks: RocksDB's 64 MiB memtable default would let a dozen
            // tasks hold gigabytes of unflushed writes. 4 MiB, two at most, bounds it at 8 MiB per store; the shared
            // write-buffer manager bounds all stores together. Arena blocks of 64 KiB instead of the default 512 KiB
            // (a memtable's size ÷ 8): most of a process's ~100 stores hold a few hundred KiB unflushed, and each
            // block is charged whole (the soak's memtables 41–42 → 30–37 MiB, malloc in use ≈ 10 MiB less).
            .SetWriteBufferSize(4UL << 20)
            .SetMaxWriteBufferNumber(2)
            .SetArenaBlockSize(64UL << 10);
        // Blocks, indexes, filters and memtables of all stores come out of one budget (RocksDbSharedMemory).
        RocksDbSharedMemory.Apply(options);
        // Another instance of this process may still be closing the task (a rebalance within one process): its lock
        // goes within moments.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                db = RocksDb.Open(options, directory);
                RocksDbMemory.Track(db);
                return;
            }
            catch (RocksDbException e) when (attempt < 50 && e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
            {
                Thread.Sleep(100);
            }
        }
    }

    bool IPersistentStore.IsEmpty
    {
        get
        {
            using var iterator = Db.NewIterator();
            iterator.SeekToFirst();
            return !iterator.Valid() && pending.Count == 0;
        }
    }

    void IPersistentStore.Wipe()
    {
        var dir = directory ?? throw new InvalidOperationException($"store {Name} is not open");
        ((IPersistentStore)this).Close();
        Directory.Delete(dir, recursive: true);
        ((IPersistentStore)this).Open(dir);
    }

    void IPersistentStore.Sync()
    {
        // The write-ahead log holds every write since the last memtable flush: synced, a power cut can't undo a checkpoint.
        Native.Instance.rocksdb_flush_wal(Db.Handle, 1);
    }

    void IPersistentStore.Close()
    {
        pending.Clear();
        pendingOrder = null;
        restoreBatch?.Dispose();
        restoreBatch = null;
        restoreBatchRecords = 0;
        if (db is not null)
        {
            RocksDbMemory.Untrack(db);
            db.Dispose();
        }
        db = null;
    }

    public void Dispose() => ((IPersistentStore)this).Close();

    private void WriteRestoreBatch()
    {
        if (restoreBatch is null)
        {
            return;
        }
        Db.Write(restoreBatch);
        restoreBatch.Dispose();
        restoreBatch = null;
        restoreBatchRecords = 0;
    }

    private void Change(TKey key, TValue? value, bool deleted)
    {
        ref var change = ref CollectionsMarshal.GetValueRefOrAddDefault(pending, key, out var wasPending);
        var keyBytes = wasPending ? change.KeyBytes : null;
        if (!wasPending && pendingOrder is not null)
        {
            keyBytes = SerializeKey(key);
            pendingOrder.Add(new(keyBytes, key));
        }
        change = new PendingChange(keyBytes, value, deleted);
    }

    private byte[] SerializeKey(TKey key) =>
        keySerde.Serialize(key, Topic) ?? throw new InvalidOperationException($"store {Name}: a key serialized to null");

    /// <summary>
    /// The flushed entries in [from, to) overlaid with the unflushed changes in that range, streamed: a scan of a large
    /// store holds one entry at a time, not the store. Callers don't change the store while they enumerate (as with the
    /// in-memory store's dictionary).
    /// </summary>
    private IEnumerable<KeyValuePair<TKey, TValue>> Scan(byte[]? from, byte[]? toExclusive)
    {
        var readOptions = new ReadOptions();
        if (toExclusive is not null)
        {
            readOptions.SetIterateUpperBound(toExclusive);
        }
        using (var iterator = Db.NewIterator(readOptions: readOptions))
        {
            if (from is null)
            {
                iterator.SeekToFirst();
            }
            else
            {
                iterator.Seek(from);
            }
            for (; iterator.Valid(); iterator.Next())
            {
                var key = keySerde.Deserialize(iterator.Key(), Topic, -1, -1);
                if (!pending.ContainsKey(key))
                {
                    yield return new(key, valueSerde.Deserialize(iterator.Value(), Topic, -1, -1));
                }
            }
        }
        if (pending.Count == 0)
        {
            yield break;
        }
        pendingOrder ??= BuildPendingOrder();
        foreach (var entry in PendingBetween(pendingOrder, from, toExclusive))
        {
            var change = pending[entry.Key];
            if (!change.Deleted)
            {
                yield return new(entry.Key, change.Value!);
            }
        }
    }

    private SortedSet<PendingKey> BuildPendingOrder()
    {
        var order = new SortedSet<PendingKey>(PendingKey.Order);
        foreach (var key in pending.Keys)
        {
            ref var change = ref CollectionsMarshal.GetValueRefOrNullRef(pending, key);
            change = change with { KeyBytes = change.KeyBytes ?? SerializeKey(key) };
            order.Add(new(change.KeyBytes!, key));
        }
        return order;
    }

    /// <summary>The pending keys in [from, to), found in O(log n + matches).</summary>
    private static IEnumerable<PendingKey> PendingBetween(SortedSet<PendingKey> order, byte[]? from, byte[]? toExclusive)
    {
        if (order.Count == 0)
        {
            return [];
        }
        var lower = from is null ? order.Min : new PendingKey(from, default!);
        var upper = toExclusive is null ? order.Max : new PendingKey(toExclusive, default!);
        if (PendingKey.Order.Compare(lower, upper) > 0)
        {
            return [];
        }
        var view = order.GetViewBetween(lower, upper);
        return toExclusive is null ? view : view.Where(k => k.Bytes.AsSpan().SequenceCompareTo(toExclusive) < 0);
    }

    /// <summary>A change since the last flush; <see cref="KeyBytes"/> is null until the index or the flush needs them.</summary>
    private readonly record struct PendingChange(byte[]? KeyBytes, TValue? Value, bool Deleted);

    /// <summary>A pending key with its serialized bytes, ordered by the bytes as RocksDB orders keys.</summary>
    private readonly record struct PendingKey(byte[] Bytes, TKey Key)
    {
        public static readonly IComparer<PendingKey> Order = Comparer<PendingKey>.Create((a, b) => a.Bytes.AsSpan().SequenceCompareTo(b.Bytes));
    }
}
