namespace Splitstream.Store;

/// <summary>GPS and heart-rate points (DESIGN §6): insert-if-absent on (activity id, time), read in time order. The streamed reads of large activities are <see cref="IPointStreams"/>. A write returns once its transaction committed; every write is idempotent.</summary>
public interface IPointStore
{
    Task WriteGpsAsync(IReadOnlyList<GpsPoint> points, CancellationToken cancellationToken = default);

    Task WriteHeartRateAsync(IReadOnlyList<HeartRatePoint> points, CancellationToken cancellationToken = default);

    /// <summary>A sink batch's points of both series; a store may write them in one transaction (the embedded one does).</summary>
    Task WritePointsAsync(IReadOnlyList<GpsPoint> gps, IReadOnlyList<HeartRatePoint> heartRate, CancellationToken cancellationToken = default);

    /// <summary>GPS points of one activity in time order, <paramref name="fromMs"/> inclusive to <paramref name="toMs"/> exclusive.</summary>
    Task<IReadOnlyList<GpsPoint>> GetGpsAsync(string activityId, long? fromMs = null, long? toMs = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<HeartRatePoint>> GetHeartRateAsync(string activityId, long? fromMs = null, long? toMs = null, CancellationToken cancellationToken = default);
}
