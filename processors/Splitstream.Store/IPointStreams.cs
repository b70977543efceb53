namespace Splitstream.Store;

/// <summary>
/// Point series read as streams, row by row from the store's data reader, for answers that can be written as they are
/// read (the points and GPX exports): memory stays flat however long the activity.
/// </summary>
public interface IPointStreams
{
    IAsyncEnumerable<GpsPoint> StreamGpsAsync(string activityId, long? fromMs = null, long? toMs = null, CancellationToken cancellationToken = default);

    IAsyncEnumerable<HeartRatePoint> StreamHeartRateAsync(string activityId, long? fromMs = null, long? toMs = null, CancellationToken cancellationToken = default);
}
