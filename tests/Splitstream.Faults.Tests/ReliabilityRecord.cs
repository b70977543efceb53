namespace Splitstream.Faults.Tests;

/// <summary>
/// Writes one scenario's measured figures as a row of the table in docs/reliability.md, to
/// <c>TestResults/reliability/&lt;scenario&gt;.md</c> under the repository (see the doc for how to regenerate it).
/// </summary>
internal static class ReliabilityRecord
{
    public const string Header =
        "| scenario | load | faults | fault took effect | samples acknowledged (incl. re-sends) | samples found | duplicates | lost | activities, boards, goals, race = fault-free run |\n" +
        "|---|---|---|---|---|---|---|---|---|";

    public static string Directory => Path.Combine(RepoPaths.Root, "TestResults", "reliability");

    public static void Write(string scenario, string load, string faults, string effects, long acknowledgedDistinct, long acknowledgedWithResends,
        long found, long duplicates, long lost, string activitiesMatch)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var row = $"| {scenario} | {load} | {faults} | {effects} | {acknowledgedDistinct} ({acknowledgedWithResends}) | {found} | {duplicates} | {lost} | {activitiesMatch} |";
        File.WriteAllText(Path.Combine(Directory, scenario + ".md"), row + "\n");
    }

    /// <summary>
    /// Keeps the services' whole output of a scenario beside its row (<c>&lt;scenario&gt;.log</c>): a failure message
    /// carries only its tail, and a pipeline that failed to converge is diagnosed from what happened minutes earlier.
    /// </summary>
    public static void WriteServiceLog(string scenario, string output)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, scenario + ".log"), output);
    }
}
