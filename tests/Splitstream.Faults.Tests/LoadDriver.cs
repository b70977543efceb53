using Microsoft.Extensions.Logging.Abstractions;
using Splitstream.ServiceDefaults;
using Splitstream.Simulator;

namespace Splitstream.Faults.Tests;

/// <summary>
/// Plays <see cref="TestInput.Scenario"/> against a gateway the way the simulator does (one sequential script per
/// device, paced by the simulated clock, the simulator's <see cref="GatewayClient"/> retrying 503/429/5xx and transport
/// errors with the same bytes), recording every final answer in an <see cref="AckLedger"/>.
/// </summary>
internal static class LoadDriver
{
    /// <summary>Enough retries to outlast any fault of the suite (a 503 waits its Retry-After of 2 s).</summary>
    private const int MaxAttempts = 60;

    /// <param name="withhold">Sends left out (a device offline); <see cref="SyncAsync"/> sends them later.</param>
    public static async Task<AckLedger> PlayAsync(Uri gateway, double speedup, CancellationToken cancellationToken, Func<PlannedSend, bool>? withhold = null)
    {
        var scenario = TestInput.Scenario;
        var ledger = new AckLedger();
        using var http = NewHttpClient(gateway, ledger.Attempts);
        var client = new GatewayClient(http, NullLogger.Instance, MaxAttempts);
        var tokens = new TokenService(System.Text.Encoding.UTF8.GetBytes(TestInput.SigningKey));
        var wallStart = DateTimeOffset.UtcNow;
        await Task.WhenAll(scenario.Activities.Select(plan => Task.Run(async () =>
        {
            var token = tokens.Issue(plan.Spec.UserId, Roles.Device, TimeSpan.FromHours(2));
            var activityId = plan.Spec.ActivityId.ToString();
            foreach (var send in plan.Sends.Where(s => withhold?.Invoke(s) != true))
            {
                if (double.IsFinite(speedup))
                {
                    var wait = wallStart + TimeSpan.FromMilliseconds((send.DueMs - scenario.StartMs) / speedup) - DateTimeOffset.UtcNow;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, cancellationToken);
                    }
                }
                var outcome = await client.SendAsync(send, token, cancellationToken);
                ledger.Record(activityId, send, outcome);
                if (outcome.Result != SendResult.Accepted && send.Kind == SendKind.Start)
                {
                    break;
                }
            }
        }, cancellationToken)));
        return ledger;
    }

    /// <summary>A device coming back online: posts the given sends of each activity now, in order, into the same ledger.</summary>
    public static async Task SyncAsync(Uri gateway, AckLedger ledger, Func<PlannedSend, bool> which, CancellationToken cancellationToken)
    {
        using var http = NewHttpClient(gateway, ledger.Attempts);
        var client = new GatewayClient(http, NullLogger.Instance, MaxAttempts);
        var tokens = new TokenService(System.Text.Encoding.UTF8.GetBytes(TestInput.SigningKey));
        foreach (var plan in TestInput.Scenario.Activities)
        {
            var token = tokens.Issue(plan.Spec.UserId, Roles.Device, TimeSpan.FromHours(2));
            foreach (var send in plan.Sends.Where(which))
            {
                ledger.Record(plan.Spec.ActivityId.ToString(), send, await client.SendAsync(send, token, cancellationToken));
            }
        }
    }

    private static HttpClient NewHttpClient(Uri gateway, DeviceAttempts attempts) => new(new CountingHandler(attempts))
    {
        BaseAddress = gateway,
        Timeout = TimeSpan.FromSeconds(15),
    };
}
