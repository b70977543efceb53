namespace Splitstream.Testing;

/// <summary>Waiting for a condition another thread brings about: a settle condition, never a latency assert.</summary>
public static class Poll
{
    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after the timeout (60 s unless given).</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        for (var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60)); !condition(); await Task.Delay(20))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }
        }
    }
}
