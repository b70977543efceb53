using Splitstream.Geo;
using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Races;

/// <summary>A race's definition with its course line built and its checkpoints placed on it (course distances).</summary>
public sealed class RaceCourse
{
    public RaceCourse(RaceDefinition definition)
    {
        Definition = definition;
        Line = new CourseLine([.. definition.Course.Select(p => (p.Lat, p.Lon))]);
        CheckpointM = [.. definition.Checkpoints.Select(c => Line.DistanceAlong(c.Lat, c.Lon))];
    }

    public RaceDefinition Definition { get; }

    public CourseLine Line { get; }

    /// <summary>Course distance of each checkpoint, in the definition's order.</summary>
    public IReadOnlyList<double> CheckpointM { get; }

    public double LengthM => Line.LengthM;

    /// <summary>A definition the standings can use: a course of two or more distinct points.</summary>
    public static bool IsUsable(RaceDefinition definition) => definition.Course.Select(p => (p.Lat, p.Lon)).Distinct().Take(2).Count() >= 2;
}
