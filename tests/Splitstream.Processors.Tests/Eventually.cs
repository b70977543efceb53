namespace Splitstream.Processors.Tests;

/// <summary>Polls a condition of a running system (assignments, outputs) until it holds or the settle time passes.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached in {Settle.TotalSeconds} s: {what}");
            await Task.Delay(100);
        }
    }
}
