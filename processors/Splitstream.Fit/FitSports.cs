namespace Splitstream.Fit;

/// <summary>FIT's <c>sport</c> enum and Splitstream's sport names, both ways.</summary>
public static class FitSports
{
    public const int Generic = 0;
    public const int Running = 1;
    public const int Cycling = 2;
    public const int Training = 10;
    public const int Walking = 11;
    public const int Hiking = 17;

    /// <summary>Splitstream's name for a FIT sport, null for sports Splitstream's uploads do not take.</summary>
    public static string? ToSplitstream(int? fitSport) => fitSport switch
    {
        Running => "run",
        Cycling => "ride",
        Walking => "walk",
        Hiking => "hike",
        _ => null,
    };

    public static int FromSplitstream(string sport) => sport switch
    {
        "run" => Running,
        "ride" => Cycling,
        "walk" => Walking,
        "hike" => Hiking,
        "strength" => Training,
        _ => Generic,
    };
}
