namespace Splitstream.Workouts.Tests;

/// <summary>The FIT files of the tests: the two real ones in ../shared/data/real/fit and the cases the SDK generates once per run.</summary>
public static class FitCases
{
    private static readonly Lazy<string> Generated = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), "splitstream-fit-cases", Guid.NewGuid().ToString("N"));
        FitSdk.Generate(directory);
        return directory;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Real(string name) => Path.Combine(RepoPaths.Root, "..", "shared", "data", "real", "fit", name);

    public static string RealTcx(string name) => Path.Combine(RepoPaths.Root, "..", "shared", "data", "real", name);

    public static string Case(string name) => Path.Combine(Generated.Value, name);
}
