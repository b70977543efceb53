namespace Splitstream.Streams;

/// <summary>
/// The runtime's side of a store that keeps its state on local disk (under the task's state directory) between runs,
/// so a restart restores only the changelog records written after the task's last checkpoint.
/// </summary>
internal interface IPersistentStore
{
    /// <summary>Opens (or creates) the store's files in <paramref name="directory"/>; before restoration.</summary>
    void Open(string directory);

    /// <summary>True when the files hold no entry (a task's first start on this machine): nothing to wipe.</summary>
    bool IsEmpty { get; }

    /// <summary>Deletes every local entry (a state that can't be trusted is restored in full from the changelog).</summary>
    void Wipe();

    /// <summary>Makes every write so far durable on local disk (before a checkpoint names the changelog offsets they cover).</summary>
    void Sync();

    /// <summary>Releases the files (the lock too). Unflushed changes are not written: a close after a crash loses them, as a kill would.</summary>
    void Close();
}
