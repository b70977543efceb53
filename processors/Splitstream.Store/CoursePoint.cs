namespace Splitstream.Store;

/// <summary>One vertex of a course line, in degrees (WGS-84).</summary>
public readonly record struct CoursePoint(double Lat, double Lon);
