namespace Splitstream.Simulator;

/// <summary>A simulation running in the background of a host; <see cref="DisposeAsync"/> cancels it and waits for it.</summary>
public sealed class BackgroundSimulation(CancellationTokenSource stop, Task running) : IAsyncDisposable
{
    public Task Completion => running;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
    }
}
