namespace Splitstream.Fit;

/// <summary>FIT positions: 2^31 semicircles are 180 degrees.</summary>
public static class FitSemicircles
{
    private const double DegreesPerSemicircle = 180.0 / 2147483648.0;

    public static double ToDegrees(int semicircles) => semicircles * DegreesPerSemicircle;

    /// <summary>Rounded to the nearest semicircle (about 8 mm), as Garmin's SDK writes them.</summary>
    public static int FromDegrees(double degrees) => (int)Math.Clamp(Math.Round(degrees / DegreesPerSemicircle), int.MinValue + 1, int.MaxValue - 1);
}
