namespace Splitstream.Store;

/// <summary>A distance goal of one user for one sport per period (<c>week</c> or <c>year</c>).</summary>
public sealed record Goal(string UserId, string Sport, string Period, double TargetDistanceM);
