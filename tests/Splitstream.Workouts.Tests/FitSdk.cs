using System.Text.Json;

namespace Splitstream.Workouts.Tests;

/// <summary>
/// Garmin's official FIT SDK for JavaScript (<c>@garmin/fitsdk</c>, the version pinned in fitsdk/package-lock.json), the
/// independent oracle of these tests: installed once per machine with <c>npm ci</c> (idempotent: skipped when the
/// lock's version is already there), then run through the scripts in <c>fitsdk/</c>.
/// </summary>
public static class FitSdk
{
    private static readonly NodeOracle Oracle = new("Splitstream.Workouts.Tests", "fitsdk", "@garmin/fitsdk");

    /// <summary>What the SDK's Decoder read: integrity check, errors, records (semicircles, epoch ms), laps, sessions, events.</summary>
    public static JsonElement Decode(string fitFile) => JsonDocument.Parse(Oracle.Node("decode.mjs", fitFile)).RootElement;

    /// <summary>Writes the generated FIT cases (see fitsdk/generate.mjs) into <paramref name="directory"/>.</summary>
    public static void Generate(string directory) => Oracle.Node("generate.mjs", directory);
}
