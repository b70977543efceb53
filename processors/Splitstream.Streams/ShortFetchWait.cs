namespace Splitstream.Streams;

/// <summary>
/// Consumer settings for latency-sensitive topologies (the activity metrics feed live race standings, whose budget is one
/// second end to end). librdkafka's default fetch wait (500 ms) is how long an idle fetch may hang, and the embedded (mock)
/// broker waits it out even when records arrive, costing up to half a second per hop. For <see cref="StreamsConfig.ConsumerKafka"/>.
/// </summary>
public static class ShortFetchWait
{
    public const string Property = "fetch.wait.max.ms";

    public const string Milliseconds = "25";

    /// <summary>A short fetch wait, unless the deployment's own Kafka settings name one (they win).</summary>
    public static IReadOnlyDictionary<string, string> UnlessSet(IReadOnlyDictionary<string, string> kafka) =>
        kafka.ContainsKey(Property) ? new Dictionary<string, string>() : new Dictionary<string, string> { [Property] = Milliseconds };
}
