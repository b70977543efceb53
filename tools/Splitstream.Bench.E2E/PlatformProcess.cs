using System.Diagnostics;
using System.Text.Json;
using Splitstream.Platform;

namespace Splitstream.Bench.E2E;

/// <summary>
/// The embedded platform (cluster and schema registry) in a child process of the bench, for make bench-soak: the mock
/// brokers keep every record in their process's memory up to their cap, which a real cluster keeps on its own machines'
/// disks, so in one process that growth would be counted as the pipeline's. The child is this same program started with
/// <see cref="Flag"/>; it prints its endpoints as one JSON line and runs until its standard input closes (the bench
/// disposing it, or the bench's process ending).
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    public const string Flag = "--platform-only";

    private readonly Process process;

    private PlatformProcess(Process process, string bootstrapServers, string schemaRegistryUrl)
    {
        this.process = process;
        BootstrapServers = bootstrapServers;
        SchemaRegistryUrl = schemaRegistryUrl;
    }

    public string BootstrapServers { get; }

    /// <summary>The registry's URL, which also serves <see cref="EmbeddedTopicsApi"/> (the pipeline's <c>Kafka:EmbeddedControlUrl</c>).</summary>
    public string SchemaRegistryUrl { get; }

    public int ProcessId => process.Id;

    public static async Task<PlatformProcess> StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [typeof(PlatformProcess).Assembly.Location, Flag])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the platform process");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (line is null)
        {
            throw new InvalidOperationException($"the platform process ended before it printed its endpoints (exit code {(process.HasExited ? process.ExitCode : -1)})");
        }
        using var endpoints = JsonDocument.Parse(line);
        return new PlatformProcess(process, endpoints.RootElement.GetProperty("bootstrap").GetString()!,
            endpoints.RootElement.GetProperty("registry").GetString()!);
    }

    /// <summary>The child's side: starts the platform, prints its endpoints, and serves until standard input closes.</summary>
    public static async Task ServeAsync()
    {
        await using var platform = await EmbeddedPlatform.StartAsync();
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["bootstrap"] = platform.BootstrapServers,
            ["registry"] = platform.SchemaRegistryUrl,
        }));
        await Console.In.ReadToEndAsync();
    }

    public ProcessMemory Memory() => ProcessMemory.Read(process.Id);

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
