namespace Splitstream.Faults.Tests;

/// <summary>The sample times of one activity, GPS and heart rate, ascending (duplicates kept when read from a store).</summary>
internal sealed record StoredTimes(IReadOnlyList<long> Gps, IReadOnlyList<long> Hr)
{
    public int Count => Gps.Count + Hr.Count;

    public int Duplicates => Gps.Count - Gps.Distinct().Count() + Hr.Count - Hr.Distinct().Count();
}
