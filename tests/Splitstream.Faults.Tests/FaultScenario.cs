using Splitstream.Simulator;

namespace Splitstream.Faults.Tests;

/// <summary>
/// One row of the reliability record: a fault script run against a pipeline while the load plays. The script starts
/// once the load is under way, keeps going while <c>load</c> runs if it repeats, always undoes its fault, and returns
/// what it actually did (counted, not assumed) for the table. <c>Withhold</c> names sends the load leaves out (a device
/// offline), which the script then sends itself. <c>TookEffect</c> is what must have been seen for the run to count as
/// having met its fault (<c>Effect</c> says it in words): a fault that never lands would otherwise pass as "no loss".
/// </summary>
/// <param name="AppHost">Run the whole of `make run` as one process (the platform restart scenarios) instead of the services on this process's cluster.</param>
/// <param name="Withhold">Sends the device holds back until the injection syncs them late (the late-sync scenario).</param>
internal sealed record FaultScenario(string Name, bool Postgres, Func<Pipeline, Task, CancellationToken, Task<InjectedFault>> InjectAsync,
    string Effect, Func<FaultEffects, bool> TookEffect, bool AppHost = false, Func<PlannedSend, bool>? Withhold = null);
