namespace Splitstream.Platform.Archive;

/// <summary>What a restore put back into a fresh embedded cluster, and how long it took.</summary>
public sealed record RestoreReport(
    int Topics, int Partitions, long Records, long Placeholders, long PayloadBytes, int ConsumerGroups, int MismatchedPartitions, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Records} records ({PayloadBytes / 1024.0 / 1024.0:0.0} MiB) and {Placeholders} placeholder offsets into {Partitions} partitions of " +
        $"{Topics} topics, committed offsets of {ConsumerGroups} consumer groups, in {Elapsed.TotalSeconds:0.00} s" +
        (MismatchedPartitions > 0 ? $"; {MismatchedPartitions} partitions did NOT come back at their archived offsets" : "");
}
