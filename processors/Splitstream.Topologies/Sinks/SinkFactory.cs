namespace Splitstream.Processors.Sinks;

/// <summary>Builds the two sinks, so the host and the tests build them the same way.</summary>
public static class SinkFactory
{
    public static BatchingSink PointSeries(
        SinkOptions options, Splitstream.Store.ISplitstreamStore store, Splitstream.Schemas.ISchemaRegistry registry,
        ServiceDefaults.KafkaClients clients, DeadLetterPublisher deadLetters, Microsoft.Extensions.Logging.ILoggerFactory logs) =>
        new("point-series sink", options.PointGroupId, PointSeriesBatch.Topics,
            new PointSeriesBatch(store, registry, options.PointBatchRows), TimeSpan.FromMilliseconds(options.MaxBatchDelayMs),
            clients, deadLetters, logs.CreateLogger<PointSeriesBatch>());

    /// <summary>
    /// The activity sink, or with <paramref name="loop"/> above 1 the host's further loop of that number
    /// (<see cref="SinkOptions.ActivityLoops"/>): "activity sink 2" and on, in the same group.
    /// </summary>
    public static BatchingSink ActivityRecords(
        SinkOptions options, Splitstream.Store.ISplitstreamStore store, Splitstream.Schemas.ISchemaRegistry registry,
        ServiceDefaults.KafkaClients clients, DeadLetterPublisher deadLetters, Microsoft.Extensions.Logging.ILoggerFactory logs, int loop = 1) =>
        new(loop == 1 ? "activity sink" : $"activity sink {loop}", options.ActivityGroupId, ActivityRecordsBatch.Topics,
            new ActivityRecordsBatch(store, registry, options.ActivityBatchRecords), TimeSpan.FromMilliseconds(options.MaxBatchDelayMs),
            clients, deadLetters, logs.CreateLogger<ActivityRecordsBatch>());
}
