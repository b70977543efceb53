namespace Splitstream.Geo;

/// <summary>Where a position falls on a course: the course distance of its nearest point, and how far off it lies (metres).</summary>
public readonly record struct CourseProjection(double AlongM, double OffsetM);
