namespace Splitstream.Faults.Tests;

/// <summary>
/// What a fault script did (for the table) and what only it can tell about whether its fault met traffic: how many
/// pushed broker errors went to requests, and the window (<see cref="System.Diagnostics.Stopwatch"/> timestamps) in which
/// the brokers answered <see cref="SlowRoundTrip"/> late.
/// </summary>
/// <param name="RestartedAt">When the restarted gateway (or whole platform) answered ready again, for the last restart
/// (a <see cref="System.Diagnostics.Stopwatch"/> timestamp; 0 for faults that restart no gateway): the devices' requests
/// from then on must be acknowledged, their activities continuing.</param>
internal sealed record InjectedFault(string Description, long BrokerErrorsDelivered = 0, long SlowFrom = 0, long SlowTo = 0, TimeSpan SlowRoundTrip = default,
    long RestartedAt = 0);
