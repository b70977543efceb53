namespace Splitstream.Geo;

/// <summary>One whole kilometre of an activity.</summary>
/// <param name="Km">1-based kilometre number.</param>
/// <param name="TimeS">Moving time spent on this kilometre, seconds.</param>
/// <param name="PaceSPerKm">Pace of this kilometre, seconds per km (equal to <paramref name="TimeS"/> for a whole km).</param>
public readonly record struct Split(int Km, double TimeS, double PaceSPerKm);
