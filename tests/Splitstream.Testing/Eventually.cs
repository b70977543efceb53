using Xunit;

namespace Splitstream.Testing;

/// <summary>
/// Waiting for a condition of a running system that another thread brings about (assignments, outputs, deliveries):
/// a settle condition, never a latency assert. The machine is shared and loaded, so the default settle time is generous;
/// a condition that holds returns at once, so the bound costs nothing when the system is healthy.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test with <paramref name="describe"/>'s text (read at the deadline, so it can show the state then) after <paramref name="timeout"/> (<see cref="Settle"/> unless given).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> describe, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Settle;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not reached in {limit.TotalSeconds} s: {describe()}");
            }
            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, Func<string> describe, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), describe, timeout);

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        TrueAsync(condition, () => what, timeout);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), () => what, timeout);
}
