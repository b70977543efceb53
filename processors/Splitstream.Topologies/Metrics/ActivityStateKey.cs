namespace Splitstream.Processors.Metrics;

/// <summary>
/// Keys of the activity-state store: one lifecycle entry per activity (<c>&lt;id&gt;|a</c>) and one sample chunk per
/// activity and 30 s of event time (<c>&lt;id&gt;|s|&lt;chunk start ms&gt;</c>).
/// </summary>
/// <remarks>
/// Chunks keep the changelog small: a commit rewrites only the chunks that changed, so a live activity posting every
/// second costs about one half-full 30-point chunk (≈ 0.3 KB) per commit instead of its whole track. Longer chunks mean
/// fewer changelog records for bulk input (each record costs the producer a few microseconds), shorter ones fewer
/// bytes rewritten per commit for live input; 30 s balances the two (see the Metrics README). All of an activity's keys
/// live in one store, hence one changelog partition, whose records a crash can only cut to a prefix.
/// </remarks>
public static class ActivityStateKey
{
    public const long ChunkMs = 30_000;

    private const string LifecycleSuffix = "|a";
    private const string SamplesInfix = "|s|";

    public static string Lifecycle(string activityId) => activityId + LifecycleSuffix;

    public static string Samples(string activityId, long chunkStartMs) =>
        string.Concat(activityId, SamplesInfix, chunkStartMs.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static long ChunkStartOf(long timeMs) => timeMs - (((timeMs % ChunkMs) + ChunkMs) % ChunkMs);

    /// <summary>The activity id of a store key (ids may contain '|': keys are parsed from their end).</summary>
    public static string ActivityIdOf(string key)
    {
        if (key.EndsWith(LifecycleSuffix, StringComparison.Ordinal))
        {
            return key[..^LifecycleSuffix.Length];
        }
        var infix = key.LastIndexOf(SamplesInfix, StringComparison.Ordinal);
        return infix >= 0 ? key[..infix] : throw new FormatException($"not an activity-state key: {key}");
    }
}
