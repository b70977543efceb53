using System.Collections.Concurrent;
using System.Diagnostics;

namespace Splitstream.Faults.Tests;

/// <summary>
/// A Splitstream service (its own Program.cs, unchanged) run as a child process so a test can SIGKILL it at any moment
/// and start it again with the same configuration. Keeps the last lines of its output for failure messages, and counts
/// the lines that show a fault reached it (<see cref="ServiceLog"/>).
/// </summary>
internal sealed partial class ServiceProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int KeptLines = 50_000;
    private readonly string name;
    private readonly string assembly;
    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly IReadOnlyList<string> arguments;
    private readonly string workingDirectory;
    private readonly ConcurrentQueue<string> output = new();
    private readonly ConcurrentDictionary<string, int> counted = new(StringComparer.Ordinal);
    private Process? process;

    /// <param name="environment">Read at every <see cref="Start"/>, as are <paramref name="arguments"/>: the owner may change them between runs.</param>
    public ServiceProcess(string name, string assembly, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> arguments, string workingDirectory)
    {
        this.name = name;
        this.assembly = assembly;
        this.environment = environment;
        this.arguments = arguments;
        this.workingDirectory = workingDirectory;
    }

    public int Starts { get; private set; }

    public int Kills { get; private set; }

    public bool Running => process is { HasExited: false };

    public void Start()
    {
        if (Running)
        {
            throw new InvalidOperationException($"{name} is already running");
        }
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var started = Process.Start(start) ?? throw new InvalidOperationException("could not start " + assembly);
        var generation = ++Starts;
        started.OutputDataReceived += (_, e) => Keep(generation, e.Data);
        started.ErrorDataReceived += (_, e) => Keep(generation, e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Linux): no shutdown hooks, no flush, no commit.</summary>
    public void Kill()
    {
        if (process is not { HasExited: false } running)
        {
            throw new InvalidOperationException($"{name} is not running:\n{Output}");
        }
        running.Kill();
        running.WaitForExit();
        running.Dispose();
        process = null;
        Kills++;
    }

    /// <summary>SIGTERM, as Ctrl-C or a service manager's stop: waits for the orderly exit (SIGKILL after <paramref name="grace"/>).</summary>
    public void Terminate(TimeSpan grace)
    {
        if (process is not { HasExited: false } running)
        {
            throw new InvalidOperationException($"{name} is not running:\n{Output}");
        }
        if (kill(running.Id, SigTerm) != 0 || !running.WaitForExit(grace))
        {
            running.Kill();
            running.WaitForExit();
        }
        running.Dispose();
        process = null;
        Terminations++;
    }

    public int Terminations { get; private set; }

    /// <summary>How many lines of its output, over all its runs, held <paramref name="fragment"/> (one of <see cref="ServiceLog.Counted"/>).</summary>
    public int LinesWith(string fragment) => ServiceLog.Counted.Contains(fragment)
        ? counted.GetValueOrDefault(fragment)
        : throw new ArgumentException("not a counted fragment: " + fragment, nameof(fragment));

    public string Output => string.Join('\n', output);

    public void Dispose()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill();
            running.WaitForExit();
        }
        process?.Dispose();
        process = null;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    private void Keep(int generation, string? line)
    {
        if (line is null)
        {
            return;
        }
        foreach (var fragment in ServiceLog.Counted)
        {
            if (line.Contains(fragment, StringComparison.Ordinal))
            {
                counted.AddOrUpdate(fragment, 1, (_, n) => n + 1);
            }
        }
        output.Enqueue($"[{name}#{generation}] {line}");
        while (output.Count > KeptLines && output.TryDequeue(out _))
        {
        }
    }
}
