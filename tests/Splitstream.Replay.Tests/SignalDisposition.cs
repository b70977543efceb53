using System.Globalization;

namespace Splitstream.Replay.Tests;

/// <summary>
/// Whether a process ignores a signal, from the <c>SigIgn</c> mask in <c>/proc/&lt;pid&gt;/status</c> (Linux). An ignored
/// SIGINT is inherited across fork and exec: a test run started in the background from a non-interactive shell
/// (<c>dotnet test … &amp;</c>) passes SIG_IGN on to every child, and the .NET runtime then leaves Ctrl-C alone.
/// </summary>
internal static class SignalDisposition
{
    public const int SigInt = 2;

    public static bool Ignores(int processId, int signal)
    {
        var line = File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status")
            .First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var mask = ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (mask & (1UL << (signal - 1))) != 0;
    }

    public static bool IgnoredHere(int signal) => Ignores(Environment.ProcessId, signal);
}
