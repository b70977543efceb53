using System.Diagnostics;

namespace Splitstream.Testing;

/// <summary>
/// Runs a script under the system python3 (/usr/bin/python3, the one interpreter with Debian's python3-gpxpy and
/// python3-geographiclib, installed by infra/prereqs.sh): the tests' independent oracles. Required, not optional: a
/// machine without it fails the test rather than skipping the comparison.
/// </summary>
public static class SystemPython
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> (<c>python3 -c</c>) with the arguments and input given; returns its stdout, or throws with its stderr.</summary>
    public static string Run(string script, IEnumerable<string> arguments, string? stdin = null)
    {
        if (!File.Exists(Interpreter))
        {
            throw new InvalidOperationException(Interpreter + " is missing (infra/prereqs.sh installs it with python3-gpxpy and python3-geographiclib)");
        }
        var start = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + Interpreter);
        // Input on another task and both outputs read at once: no full pipe can deadlock the two processes.
        var writer = Task.Run(() =>
        {
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
            }
            process.StandardInput.Close();
        });
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        writer.GetAwaiter().GetResult();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 oracle failed (exit {process.ExitCode}): {stderr.Result}");
        }
        return stdout;
    }
}
