namespace Splitstream.Store;

/// <summary>
/// The whole store of DESIGN §6, implemented by SQLite (embedded default) and PostgreSQL: one instance, registered under
/// this and under each entity's interface (<see cref="StoreExtensions.AddSplitstreamStore"/>). Services depend on the
/// narrow interfaces; this aggregate is what creates, owns and disposes the store (<see cref="StoreExtensions.Create"/>)
/// and what tests and benches use to fill several entities through one handle.
/// Every write is idempotent: points are insert-if-absent on (activity id, time), everything else a keyed upsert, so
/// replaying a topic never changes what is stored. A write method returns once its transaction committed.
/// </summary>
public interface ISplitstreamStore : IStoreLifecycle, IPointStore, IActivityStore, IUserStore, IGoalStore, ILeaderboardStore, IAsyncDisposable;
