namespace Splitstream.Streams;

/// <summary>The runtime's side of a store: changelog writing at flush, restoring from changelog records.</summary>
internal interface IRestorableStore
{
    /// <summary>Attaches the writer that flushes send their changes to (none for unlogged stores).</summary>
    void AttachChangelog(ChangelogWriter writer);

    /// <summary>Writes every change since the last flush to the changelog, timestamped with the task's stream time.</summary>
    void Flush(long streamTime);

    /// <summary>Applies one changelog record (a null value deletes).</summary>
    void Restore(byte[] key, byte[]? value);

    /// <summary>Called once the changelog has been read to its end (a persistent store writes its last restore batch).</summary>
    void RestoreCompleted();
}
