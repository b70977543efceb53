using Xunit.Abstractions;

namespace Splitstream.Testing;

/// <summary>
/// The seed of a randomised test: <c>SPLITSTREAM_TEST_SEED</c> when set (to replay a CI failure exactly), otherwise a
/// fresh one. Either way it is written to the test output with the command line that replays it.
/// </summary>
public static class TestSeed
{
    public const string Variable = "SPLITSTREAM_TEST_SEED";

    public static int Next(ITestOutputHelper output)
    {
        var seed = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text
            ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (replay with {Variable}={seed})");
        return seed;
    }
}
