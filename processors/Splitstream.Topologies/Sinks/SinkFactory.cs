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

    public static BatchingSink ActivityRecords(
        SinkOptions options, Splitstream.Store.ISplitstreamStore store, Splitstream.Schemas.ISchemaRegistry registry,
        ServiceDefaults.KafkaClients clients, DeadLetterPublisher deadLetters, Microsoft.Extensions.Logging.ILoggerFactory logs) =>
        new("activity sink", options.ActivityGroupId, ActivityRecordsBatch.Topics,
            new ActivityRecordsBatch(store, registry, options.ActivityBatchRecords), TimeSpan.FromMilliseconds(options.MaxBatchDelayMs),
            clients, deadLetters, logs.CreateLogger<ActivityRecordsBatch>());
}
