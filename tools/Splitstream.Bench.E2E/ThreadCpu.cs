using System.Globalization;
using System.Text.RegularExpressions;

namespace Splitstream.Bench.E2E;

/// <summary>
/// CPU time of this process's threads grouped by thread name (librdkafka's rdk:broker1 → rdk:broker*, .NET's thread
/// pool workers, GC, Kestrel's I/O), read from /proc/self/task: the profile that says where a stage's time went.
/// </summary>
public static partial class ThreadCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux.

    public static Dictionary<string, double> Snapshot()
    {
        var byGroup = new Dictionary<string, double>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                var group = Digits().Replace(name, "*");
                byGroup[group] = byGroup.GetValueOrDefault(group) + seconds;
            }
            catch (IOException)
            {
                // The thread ended while we read it.
            }
        }
        return byGroup;
    }

    public static Dictionary<string, double> Since(Dictionary<string, double> before)
    {
        var now = Snapshot();
        return now.ToDictionary(g => g.Key, g => Math.Max(0, g.Value - before.GetValueOrDefault(g.Key)));
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
